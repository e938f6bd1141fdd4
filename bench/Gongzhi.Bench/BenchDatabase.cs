using Gongzhi.Infrastructure.Database;
using Npgsql;

/// <summary>
/// A fresh, empty database for one benchmark run: a new SQLite file under bench/results, or a re-created PostgreSQL
/// database on GONGZHI_BENCH_POSTGRES (default the test cluster on 127.0.0.1:55432).
/// </summary>
internal static class BenchDatabase
{
    public static string Folder()
    {
        var work = Path.GetFullPath(Path.Combine("bench", "results"));
        Directory.CreateDirectory(work);
        return work;
    }

    public static async Task<string> CreateAsync(DatabaseProvider provider, string name)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Folder(), name + ".db");
            foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
            return $"Data Source={file}";
        }
        var server = Environment.GetEnvironmentVariable("GONGZHI_BENCH_POSTGRES") ?? "Host=127.0.0.1;Port=55432;Username=postgres";
        var database = "gongzhi_" + name;
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin).ExecuteNonQueryAsync();
            await new NpgsqlCommand($"CREATE DATABASE {database}", admin).ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = database }.ToString();
    }
}
