using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Gongzhi.Tests.PointsBank;

/// <summary>The <c>ledger-check</c> verb of the real executable, with the settings <c>serve</c> takes: exit 0 on a sound ledger, 1 on a difference.</summary>
public sealed class LedgerCheckCommandLineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gongzhi-ledger-").FullName;
    private string Db => Path.Combine(_dir, "ledger.db");

    private async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _dir };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Gongzhi.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.ArgumentList.Add($"--ConnectionStrings:Gongzhi=Data Source={Db}");
        start.ArgumentList.Add($"--PersonalData:KeyFile={Path.Combine(_dir, "keys.json")}");
        start.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task Ledger_check_exits_0_on_a_sound_ledger_and_1_with_each_difference_printed()
    {
        Assert.Equal(0, (await Run("migrate")).Exit);
        var sound = await Run("ledger-check");
        Assert.True(sound.Exit == 0, sound.Err + sound.Out);
        Assert.Contains("Checked 0 account balance(s)", sound.Out);

        // A bank node with an issuing account claiming 5 points that no movement explains.
        await using (var connection = new SqliteConnection($"Data Source={Db}"))
        {
            await connection.OpenAsync();
            var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO area_nodes ("Code", "Name", "Level", "Path", "Depth", "IsOfficial", "CreatedAt", "UpdatedAt") VALUES ('999999', '测试区', 3, '/999999/', 1, 0, 0, 0);
                INSERT INTO points_bank_nodes ("AreaNodeId", "AreaPath", "Name", "Tier", "CreatedAt") VALUES (last_insert_rowid(), '/999999/', '测试区', 3, 0);
                INSERT INTO points_accounts ("Kind", "BankNodeId", "AreaPath", "Balance", "CreatedAt") VALUES (1, last_insert_rowid(), '/999999/', 5, 0);
                SELECT last_insert_rowid();
                """;
            var account = (long)(await command.ExecuteScalarAsync())!;
            var broken = await Run("ledger-check");
            Assert.Equal(1, broken.Exit);
            Assert.Contains($"account {account}: stored balance 5, sum of movements 0", broken.Err);
        }
        SqliteConnection.ClearAllPools();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
