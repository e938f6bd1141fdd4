using System.Diagnostics;
using Gongzhi.Tests.Areas;
using Gongzhi.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit;

namespace Gongzhi.Tests.Platform;

/// <summary>The verbs of the real executable, run as a process as an operator would.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gongzhi-cli-").FullName;
    private string Db => Path.Combine(_dir, "cli.db");

    private async Task<(int Exit, string Out, string Err)> Run(string stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
            WorkingDirectory = _dir,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Gongzhi.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        if (!args.Any(a => a.StartsWith("--ConnectionStrings"))) start.ArgumentList.Add($"--ConnectionStrings:Gongzhi=Data Source={Db}");
        start.ArgumentList.Add($"--PersonalData:KeyFile={Path.Combine(_dir, "keys.json")}");
        start.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteLineAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task Migrate_import_divisions_and_create_admin_work_from_the_command_line()
    {
        var migrate = await Run("", "migrate");
        Assert.True(migrate.Exit == 0, migrate.Err);
        Assert.Contains("Schema is current.", migrate.Out);

        var reference = Path.Combine(DivisionImportTests.RepoRoot(), "reference", "divisions-jinan-jining-2023.csv");
        var import = await Run("", "import-divisions", reference);
        Assert.True(import.Exit == 0, import.Err);
        Assert.Contains("Added 11035, renamed 0, unchanged 0.", import.Out);
        var again = await Run("", "import-divisions", reference);
        Assert.Contains("Added 0, renamed 0, unchanged 11035.", again.Out);

        var bad = Path.Combine(_dir, "bad.csv");
        await File.WriteAllTextAsync(bad, "code,name,level,parent_code\n370102999,新街道,street,370102\n3701029,坏,street,370102\n");
        var rejected = await Run("", "import-divisions", bad);
        Assert.Equal(1, rejected.Exit);
        Assert.Contains("line 3:", rejected.Err);

        var admin = await Run("Strong#Admin2026", "create-admin", "chief");
        Assert.True(admin.Exit == 0, admin.Err + admin.Out);
        var duplicate = await Run("Strong#Admin2026", "create-admin", "chief");
        Assert.Equal(1, duplicate.Exit);
        var weak = await Run("weak", "create-admin", "other");
        Assert.Equal(1, weak.Exit);

        await using var connection = new SqliteConnection($"Data Source={Db}");
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = """
            SELECT r."Name" FROM "AspNetUsers" u JOIN "AspNetUserRoles" ur ON ur."UserId" = u."Id" JOIN "AspNetRoles" r ON r."Id" = ur."RoleId"
            WHERE u."UserName" = 'chief'
            """;
        Assert.Equal("admin", await command.ExecuteScalarAsync());
        command.CommandText = "SELECT count(*) FROM area_nodes WHERE \"Code\" = '370102999'";
        Assert.Equal(0L, await command.ExecuteScalarAsync()); // nothing of the rejected file was written
        command.CommandText = "SELECT count(*) FROM \"AspNetUsers\" WHERE \"UserName\" = 'admin'";
        Assert.Equal(0L, await command.ExecuteScalarAsync()); // no demo, no default account
    }

    [Fact]
    public async Task The_same_executable_migrates_postgres()
    {
        var name = "gongzhi_cli_" + Guid.NewGuid().ToString("N")[..10];
        await using (var admin = new NpgsqlConnection(PostgresApp.ServerConnectionString))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin).ExecuteNonQueryAsync();
        }
        try
        {
            var cs = new NpgsqlConnectionStringBuilder(PostgresApp.ServerConnectionString) { Database = name }.ToString();
            var migrate = await Run("", "migrate", "--Database:Provider=Postgres", $"--ConnectionStrings:Gongzhi={cs}");
            Assert.True(migrate.Exit == 0, migrate.Err);
            var again = await Run("", "migrate", "--Database:Provider=Postgres", $"--ConnectionStrings:Gongzhi={cs}");
            Assert.Contains("Schema is current.", again.Out);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(PostgresApp.ServerConnectionString);
            await admin.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin).ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task An_unknown_verb_prints_the_usage()
    {
        var result = await Run("", "frobnicate");
        Assert.Equal(2, result.Exit);
        Assert.Contains("import-divisions FILE", result.Out);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
