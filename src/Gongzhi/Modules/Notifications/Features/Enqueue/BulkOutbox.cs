using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Notifications.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Gongzhi.Modules.Notifications.Features.Enqueue;

/// <summary>
/// Writes many notifications and their deliveries without the change tracker, inside the transaction of the save
/// that commits their cause (see <see cref="GongzhiDb.WithNextSave"/>): binary <c>COPY</c> on PostgreSQL, one prepared
/// <c>INSERT</c> per row on SQLite. EF would send two round trips' worth of <c>INSERT … RETURNING</c> per ~40 rows and
/// track 200,000 entities for a street-wide notice. Ids are taken up front (the identity sequence on PostgreSQL; past
/// the highest id under the save's write lock on SQLite) so deliveries can name their notification. Columns, names
/// and value conversions come from the EF model, so a mapping change cannot silently diverge from this path.
/// </summary>
internal static class BulkOutbox
{
    public static async Task WriteAsync(GongzhiDb db, IReadOnlyList<Notification> notifications, CancellationToken ct)
    {
        if (notifications.Count == 0) return;
        var deliveries = notifications.SelectMany(n => n.Deliveries).ToList();
        var nIds = await TakeIdsAsync(db, "notifications", notifications.Count, ct);
        var dIds = await TakeIdsAsync(db, "notification_deliveries", deliveries.Count, ct);
        for (var i = 0; i < notifications.Count; i++) notifications[i].Id = nIds[i];
        for (var i = 0; i < deliveries.Count; i++) deliveries[i].Id = dIds[i];
        foreach (var n in notifications) foreach (var d in n.Deliveries) d.NotificationId = n.Id;
        await InsertAsync(db, notifications, ct);
        await InsertAsync(db, deliveries, ct);
    }

    private static async Task<long[]> TakeIdsAsync(GongzhiDb db, string table, int count, CancellationToken ct)
    {
        if (count == 0) return [];
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (db.Database.IsNpgsql())
        {
            command.CommandText = $"""SELECT nextval(pg_get_serial_sequence('{table}', 'Id')) FROM generate_series(1, {count})""";
            var ids = new long[count];
            await using var reader = await command.ExecuteReaderAsync(ct);
            for (var i = 0; await reader.ReadAsync(ct); i++) ids[i] = reader.GetInt64(0);
            return ids;
        }
        // SQLite: the save holds the one write lock; AUTOINCREMENT never reuses an id, so start past its sequence too.
        command.CommandText = $"""
            SELECT MAX(COALESCE((SELECT "seq" FROM sqlite_sequence WHERE "name" = '{table}'), 0), COALESCE((SELECT MAX("Id") FROM "{table}"), 0))
            """;
        var last = Convert.ToInt64(await command.ExecuteScalarAsync(ct));
        return [.. Enumerable.Range(1, count).Select(i => last + i)];
    }

    private static async Task InsertAsync<T>(GongzhiDb db, IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        var entity = db.Model.FindEntityType(typeof(T))!;
        var table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var columns = entity.GetProperties().Where(p => p.PropertyInfo is not null)
            .Select(p => (Name: p.GetColumnName(store)!, Get: (Func<object, object?>)p.PropertyInfo!.GetValue, Converter: p.GetTypeMapping().Converter))
            .ToList();
        object? Value(int c, T row)
        {
            var v = columns[c].Get(row);
            return v is not null && columns[c].Converter is { } conv ? conv.ConvertToProvider(v) : v;
        }
        var names = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        var connection = db.Database.GetDbConnection();
        if (connection is NpgsqlConnection npgsql)
        {
            await using var copy = await npgsql.BeginBinaryImportAsync($"COPY \"{table}\" ({names}) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var row in rows)
            {
                await copy.StartRowAsync(ct);
                for (var c = 0; c < columns.Count; c++)
                {
                    switch (Value(c, row))
                    {
                        case null: await copy.WriteNullAsync(ct); break;
                        case long v: await copy.WriteAsync(v, NpgsqlTypes.NpgsqlDbType.Bigint, ct); break;
                        case int v: await copy.WriteAsync(v, NpgsqlTypes.NpgsqlDbType.Integer, ct); break;
                        case bool v: await copy.WriteAsync(v, NpgsqlTypes.NpgsqlDbType.Boolean, ct); break;
                        case string v: await copy.WriteAsync(v, NpgsqlTypes.NpgsqlDbType.Varchar, ct); break;
                        case DateTimeOffset v: await copy.WriteAsync(v, NpgsqlTypes.NpgsqlDbType.TimestampTz, ct); break;
                        case var v: throw new NotSupportedException($"{table}.{columns[c].Name}: no bulk path for {v.GetType().Name}.");
                    }
                }
            }
            await copy.CompleteAsync(ct);
            return;
        }
        await using var insert = connection.CreateCommand();
        insert.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        insert.CommandText = $"INSERT INTO \"{table}\" ({names}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        var parameters = columns.Select((_, i) => { var p = insert.CreateParameter(); p.ParameterName = "$p" + i; insert.Parameters.Add(p); return p; }).ToArray();
        await insert.PrepareAsync(ct);
        foreach (var row in rows)
        {
            for (var c = 0; c < columns.Count; c++) parameters[c].Value = Value(c, row) ?? DBNull.Value;
            await insert.ExecuteNonQueryAsync(ct);
        }
    }
}
