using System.Data.Common;
using Gongzhi.Demo;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Registry.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;

namespace Gongzhi.Bench;

/// <summary>
/// Fills a migrated database holding the real Rencheng tree with a synthetic registry under every one of its
/// communities: grids of ~300 households, compounds, buildings of 2–3 units × 6 floors × 2 flats, and residents
/// with valid, encrypted ID numbers and phones. Writes through bulk paths (prepared inserts on SQLite, binary COPY
/// on PostgreSQL). Memberships and tag rows are not generated: the measured queries do not read them.
/// </summary>
public sealed class Generator(DatabaseProvider provider, string connectionString, PersonalDataProtector protector)
{
    public sealed record Result(int Nodes, int Households, int Residents, List<string> SampleIds, List<long> SampleBuildings, string Street, string Community, string Grid);

    public async Task<Result> RunAsync(GongzhiDb db, int residentTarget, int seed)
    {
        var random = new Random(seed);
        var people = new DemoPeople(random);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var now = DateTimeOffset.UtcNow;
        var communities = await db.AreaNodes.IgnoreQueryFilters().Where(n => n.Level == AreaLevel.Community && n.Path.StartsWith("/37/3708/370811/")).OrderBy(n => n.Code).ToListAsync();
        var perCommunity = residentTarget / communities.Count;
        long nodeId = 1_000_000, householdId = 0, residentId = 0;
        var nodes = new List<object?[]>();
        var households = new List<object?[]>();
        var residents = new List<object?[]>();
        var sampleIds = new List<string>();
        var sampleBuildings = new List<long>();
        await using var connection = Open();

        // Stored as EF stores it on each provider; computed once (a converter compiles its expression on first use).
        var nowValue = provider == DatabaseProvider.Sqlite ? new DateTimeOffsetToBinaryConverter().ConvertToProvider(now)! : now;
        object Time(DateTimeOffset _) => nowValue;
        object Day(DateOnly d) => provider == DatabaseProvider.Sqlite ? d.ToString("yyyy-MM-dd") : d;
        object?[] Node(long id, string code, string name, AreaLevel level, long parent, string path, int depth, int? floors, int? rooms) =>
            [id, code, name, (int)level, parent, path, depth, false, floors, rooms, null, Time(now), Time(now), null];

        int nodeCount = 0, householdCount = 0, residentCount = 0;
        foreach (var community in communities)
        {
            var left = perCommunity;
            var gridCount = Math.Max(1, (int)Math.Ceiling(perCommunity / 860.0)); // ~300 households, ~860 people per grid
            for (var g = 1; g <= gridCount; g++)
            {
                var gridCode = $"{community.Code}-W{g:00}";
                var gridPath = $"{community.Path}{gridCode}/";
                var gridId = ++nodeId;
                nodes.Add(Node(gridId, gridCode, $"第{g}网格", AreaLevel.Grid, community.Id, gridPath, community.Depth + 1, null, null));
                var compoundCode = $"{gridCode}-X01";
                var compoundPath = $"{gridPath}{compoundCode}/";
                var compoundId = ++nodeId;
                nodes.Add(Node(compoundId, compoundCode, $"{community.Name[..2]}{g}号小区", AreaLevel.Compound, gridId, compoundPath, community.Depth + 2, null, null));
                var gridPeople = g == gridCount ? left : perCommunity / gridCount;
                left -= gridPeople;
                for (var b = 1; gridPeople > 0; b++)
                {
                    var buildingCode = $"{compoundCode}-B{b:00}";
                    var buildingPath = $"{compoundPath}{buildingCode}/";
                    var buildingId = ++nodeId;
                    nodes.Add(Node(buildingId, buildingCode, $"{b}号楼", AreaLevel.Building, compoundId, buildingPath, community.Depth + 3, 6, null));
                    if (buildingId % 37 == 0 && sampleBuildings.Count < 500) sampleBuildings.Add(buildingId);
                    var units = random.Next(2, 4);
                    for (var u = 1; u <= units; u++)
                    {
                        var unitCode = $"{buildingCode}-U{u}";
                        var unitPath = $"{buildingPath}{unitCode}/";
                        var unitId = ++nodeId;
                        nodes.Add(Node(unitId, unitCode, $"{u}单元", AreaLevel.Unit, buildingId, unitPath, community.Depth + 4, 6, 2));
                        for (var floor = 1; floor <= 6; floor++)
                        for (var r = 1; r <= 2 && gridPeople > 0; r++)
                        {
                            var hid = ++householdId;
                            var size = random.Next(0, 100) switch { < 14 => 1, < 45 => 2, < 75 => 3, < 92 => 4, _ => 5 };
                            size = Math.Min(size, gridPeople);
                            var surname = people.Surname();
                            var elder = random.Next(0, 100) < 22;
                            for (var m = 0; m < size; m++)
                            {
                                var sex = (m == 0 ? random.Next(3) != 0 : m == 1 ? random.Next(3) == 0 : random.Next(2) == 0) ? Sex.Male : Sex.Female;
                                var birth = m switch
                                {
                                    0 or 1 => people.BirthDate(elder ? 62 : 28, elder ? 94 : 59, today),
                                    _ => people.BirthDate(1, 27, today),
                                };
                                var id = people.IdNumber(birth, sex);
                                var phone = birth.Year < today.Year - 14 ? people.Phone() : null;
                                long bits = 0;
                                var age = today.Year - birth.Year;
                                if (size == 1 && age >= 60) bits |= SystemTags.Mask(SystemTags.LivingAlone);
                                if (size == 2 && age >= 60 && random.Next(0, 100) < 60) bits |= SystemTags.Mask(SystemTags.EmptyNest);
                                if (random.Next(0, 100) < 9 && age >= 18) bits |= SystemTags.Mask(SystemTags.PartyMember);
                                if (random.Next(0, 100) < (age >= 60 ? 8 : 2)) bits |= SystemTags.Mask(SystemTags.Disabled);
                                if (random.Next(0, 100) < 3) bits |= SystemTags.Mask(SystemTags.LowIncome);
                                residents.Add([
                                    ++residentId, hid, unitPath, people.Name(sex, m < 3 ? surname : null),
                                    protector.Encrypt(id), protector.LookupHash(id), Masking.IdNumber(id),
                                    phone is null ? null : protector.Encrypt(phone), phone is null ? null : protector.LookupHash(phone), phone is null ? null : Masking.Phone(phone),
                                    (int)sex, Day(birth), m == 0 ? 1 : m == 1 ? 2 : 3, random.Next(0, 100) < 85 ? 1 : 3, Time(now), Time(now),
                                    1, "汉族", null, null, null, null, null, null, bits, null,
                                ]);
                                if (random.Next(0, 1000) == 0 && sampleIds.Count < 2000) sampleIds.Add(id);
                            }
                            gridPeople -= size;
                            households.Add([hid, unitId, unitPath, floor, $"{floor}{r:00}", $"{b}号楼{u}单元{floor}{r:00}室", null, Time(now), Time(now), null, 1, size]);
                        }
                    }
                }
            }
            if (residents.Count > 50_000) (nodeCount, householdCount, residentCount) = await FlushAsync(connection, nodes, households, residents, nodeCount, householdCount, residentCount);
        }
        (nodeCount, householdCount, residentCount) = await FlushAsync(connection, nodes, households, residents, nodeCount, householdCount, residentCount);
        if (provider == DatabaseProvider.Postgres)
        {
            foreach (var table in new[] { "area_nodes", "households", "residents" })
                await Execute(connection, $"SELECT setval(pg_get_serial_sequence('{table}', 'Id'), (SELECT max(\"Id\") FROM {table}))");
            await Execute(connection, "VACUUM ANALYZE");
        }
        else
        {
            await Execute(connection, "ANALYZE");
        }
        var first = communities[communities.Count / 2];
        return new Result(nodeCount, householdCount, residentCount, sampleIds, sampleBuildings, first.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)[^2], first.Code, first.Code + "-W01");
    }

    private async Task<(int, int, int)> FlushAsync(DbConnection c, List<object?[]> nodes, List<object?[]> households, List<object?[]> residents, int n, int h, int r)
    {
        await WriteAsync(c, "area_nodes", ["Id", "Code", "Name", "Level", "ParentId", "Path", "Depth", "IsOfficial", "Floors", "RoomsPerFloor", "Note", "CreatedAt", "UpdatedAt", "RetiredAt"], nodes);
        await WriteAsync(c, "households", ["Id", "AreaNodeId", "AreaPath", "Floor", "Room", "Address", "Note", "CreatedAt", "UpdatedAt", "RetiredAt", "Tenure", "MemberCount"], households);
        await WriteAsync(c, "residents", ["Id", "HouseholdId", "AreaPath", "Name", "IdNumberCipher", "IdNumberHash", "IdNumberMasked", "PhoneCipher", "PhoneHash", "PhoneMasked",
            "Sex", "BirthDate", "Relation", "ResidencyType", "CreatedAt", "UpdatedAt", "Status", "Ethnicity", "PoliticalStatus", "Employment", "Health", "DisabilityGrade",
            "MovedInOn", "MovedOutOn", "SystemTagBits", "Note"], residents);
        var counts = (n + nodes.Count, h + households.Count, r + residents.Count);
        nodes.Clear();
        households.Clear();
        residents.Clear();
        Console.Write($"\r  written: {counts.Item3:N0} residents, {counts.Item2:N0} households   ");
        return counts;
    }

    private DbConnection Open()
    {
        DbConnection c = provider == DatabaseProvider.Sqlite ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        c.Open();
        if (c is SqliteConnection)
        {
            // A bulk load: a large page cache for the index inserts, no fsync per transaction.
            using var pragma = c.CreateCommand();
            pragma.CommandText = "PRAGMA cache_size=-1000000; PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY;";
            pragma.ExecuteNonQuery();
        }
        return c;
    }

    private static async Task Execute(DbConnection c, string sql)
    {
        await using var command = c.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }

    private async Task WriteAsync(DbConnection connection, string table, string[] columns, List<object?[]> rows)
    {
        if (rows.Count == 0) return;
        var quoted = string.Join(", ", columns.Select(c => $"\"{c}\""));
        if (connection is NpgsqlConnection pg)
        {
            await using var import = await pg.BeginBinaryImportAsync($"COPY {table} ({quoted}) FROM STDIN (FORMAT BINARY)");
            foreach (var row in rows)
            {
                await import.StartRowAsync();
                foreach (var value in row)
                {
                    if (value is null) await import.WriteNullAsync();
                    else await import.WriteAsync(value);
                }
            }
            await import.CompleteAsync();
            return;
        }
        await using var tx = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"INSERT INTO \"{table}\" ({quoted}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        var parameters = columns.Select((_, i) => { var p = command.CreateParameter(); p.ParameterName = "$p" + i; command.Parameters.Add(p); return p; }).ToArray();
        await command.PrepareAsync();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++) parameters[i].Value = row[i] ?? DBNull.Value;
            await command.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
    }
}
