using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gongzhi.Infrastructure.Database;

/// <summary>
/// Per-connection SQLite settings: a 32 MB page cache (the default 2 MB thrashes once the registry has a million
/// rows), and synchronous=NORMAL, the recommended setting with WAL: the database stays consistent after a crash,
/// and only the last transactions before a power loss may be lost.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA cache_size=-32768; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}

