using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Gongzhi.Infrastructure.Database;

/// <summary>
/// Writes many new rows without the change tracker, inside the context's current transaction: binary <c>COPY</c> on
/// PostgreSQL, one prepared <c>INSERT</c> per row on SQLite. For the few places that add thousands of rows in one unit
/// of work (a street-wide notice, a registry import), where EF's batched <c>INSERT … RETURNING</c> and fix-up cost
/// most of the time. Ids are taken up front (<see cref="TakeIdsAsync"/>) so rows can name each other. Columns, names
/// and value conversions come from the EF model, so a mapping change cannot silently diverge from this path. The
/// caller owns what the change tracker would have done: timestamps, audit, the rows' consistency.
/// </summary>
public static class BulkInsert
{
    /// <summary>
    /// <paramref name="count"/> new ids of <paramref name="table"/>: the identity sequence on PostgreSQL; on SQLite
    /// past the highest id and the AUTOINCREMENT sequence, which is only safe under the write lock of an open
    /// transaction (Microsoft.Data.Sqlite begins them IMMEDIATE).
    /// </summary>
    public static async Task<long[]> TakeIdsAsync(GongzhiDb db, string table, int count, CancellationToken ct)
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
        command.CommandText = $"""
            SELECT MAX(COALESCE((SELECT "seq" FROM sqlite_sequence WHERE "name" = '{table}'), 0), COALESCE((SELECT MAX("Id") FROM "{table}"), 0))
            """;
        var last = Convert.ToInt64(await command.ExecuteScalarAsync(ct));
        return [.. Enumerable.Range(1, count).Select(i => last + i)];
    }

    /// <summary>Inserts <paramref name="rows"/> (ids set) into <typeparamref name="T"/>'s table.</summary>
    public static async Task InsertAsync<T>(GongzhiDb db, IReadOnlyList<T> rows, CancellationToken ct) where T : class
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
                        case short v: await copy.WriteAsync(v, NpgsqlTypes.NpgsqlDbType.Smallint, ct); break;
                        case bool v: await copy.WriteAsync(v, NpgsqlTypes.NpgsqlDbType.Boolean, ct); break;
                        case string v: await copy.WriteAsync(v, NpgsqlTypes.NpgsqlDbType.Varchar, ct); break;
                        case DateOnly v: await copy.WriteAsync(v, NpgsqlTypes.NpgsqlDbType.Date, ct); break;
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
