using Gongzhi.Demo;
using Gongzhi.Infrastructure;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Areas.Features.ImportDivisions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
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

    /// <summary>
    /// What a benchmark's host and the server it starts run with: its database, the bench key file, warnings only,
    /// and neither jobs nor dispatch (a benchmark times one thing; the outbox file sink stays under bench/results).
    /// </summary>
    public static string[] Settings(DatabaseProvider provider, string connectionString, params string[] extra) =>
        [$"--Database:Provider={provider}", $"--ConnectionStrings:Gongzhi={connectionString}", $"--PersonalData:KeyFile={Path.Combine(Folder(), "bench-keys.json")}",
         "--Logging:LogLevel:Default=Warning", "--Jobs:Run=false", "--Notifications:Dispatch=false", $"--Notifications:DevelopmentOutbox={Folder()}", .. extra];

    /// <summary>The app's services over the bench database, without serving: for migrating and generating data.</summary>
    public static WebApplication Host(string[] settings)
    {
        var builder = WebApplication.CreateBuilder(settings);
        builder.AddGongzhi();
        return builder.Build();
    }

    /// <summary>The schema, the reference data and the real Rencheng division tree every generated registry hangs under.</summary>
    public static async Task PrepareAsync(IServiceProvider sp, bool divisions = true)
    {
        await sp.GetRequiredService<Migrator>().MigrateAsync();
        await StartupTasks.EnsureReferenceDataAsync(sp, default);
        if (!divisions) return;
        await using var csv = typeof(DemoSeeder).Assembly.GetManifestResourceStream("divisions-rencheng-2023.csv")!;
        await sp.GetRequiredService<DivisionImporter>().ImportAsync(csv, default);
    }
}
