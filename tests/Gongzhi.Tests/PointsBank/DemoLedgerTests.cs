using System.Data.Common;
using System.Diagnostics;
using Gongzhi.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit;

namespace Gongzhi.Tests.PointsBank;

/// <summary>
/// A fresh demo database, as <c>seed-demo</c> writes it, is one coherent bank: the demo volunteers' own earnings (no
/// placeholder holders), stocked shops, a few redemptions, and <c>ledger-check</c> passes on it.
/// </summary>
public abstract class DemoLedgerTests : IAsyncLifetime
{
    protected readonly string Dir = Directory.CreateTempSubdirectory("gongzhi-demo-ledger-").FullName;
    protected abstract string Provider { get; }
    protected abstract Task<string> NewDatabaseAsync();
    protected abstract DbConnection Connection(string connectionString);
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await NewDatabaseAsync();

    public virtual Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    private async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Dir };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Gongzhi.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.ArgumentList.Add($"--Database:Provider={Provider}");
        start.ArgumentList.Add($"--ConnectionStrings:Gongzhi={_connectionString}");
        start.ArgumentList.Add($"--PersonalData:KeyFile={Path.Combine(Dir, "keys.json")}");
        start.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return (process.ExitCode, await output, await error);
    }

    private async Task<long> Scalar(string sql)
    {
        await using var connection = Connection(_connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_seeded_demo_holds_the_volunteers_own_points_a_stocked_shop_and_passes_ledger_check()
    {
        var seeded = await Run("seed-demo", "--Demo:Residents=600");
        Assert.True(seeded.Exit == 0, seeded.Err + seeded.Out);

        // Every volunteer account belongs to a volunteer of the volunteers module, and holds what they earned there.
        Assert.True(await Scalar("""SELECT count(*) FROM points_accounts WHERE "Kind" = 2""") > 0);
        Assert.Equal(0, await Scalar("""SELECT count(*) FROM points_accounts a WHERE a."Kind" = 2 AND NOT EXISTS (SELECT 1 FROM volunteers v WHERE v."Id" = a."VolunteerId")"""));
        Assert.Equal(await Scalar("""SELECT COALESCE(SUM("Points"), 0) FROM activity_signups""") + await Scalar("""SELECT COALESCE(SUM("Points"), 0) FROM service_orders""")
            + await Scalar("""SELECT COALESCE(SUM("BonusPoints"), 0) FROM award_nominations""") + await Scalar("""SELECT COALESCE(SUM("PointsCredited"), 0) FROM leader_duty_records"""),
            await Scalar("""SELECT COALESCE(SUM(m."Amount"), 0) FROM points_movements m JOIN points_accounts a ON a."Id" = m."AccountId" WHERE a."Kind" = 2 AND m."Kind" = 1"""));
        Assert.True(await Scalar("""SELECT count(*) FROM service_orders WHERE "Points" IS NOT NULL""") > 0); // the rated order earned
        Assert.True(await Scalar("""SELECT count(*) FROM award_nominations WHERE "State" = 2""") > 0); // last year's awards
        Assert.True(await Scalar("""SELECT count(*) FROM leader_duty_records WHERE "PointsCredited" IS NOT NULL""") > 0); // 楼长 duties earned
        Assert.True(await Scalar("SELECT count(*) FROM points_shop_items") > 0);
        var redemptions = await Scalar("SELECT count(*) FROM points_redemptions");
        Assert.True(redemptions > 0);
        // The stock taken equals what the redemptions reserved, and the shops hold exactly their points.
        Assert.Equal(await Scalar("""SELECT COALESCE(SUM("Points"), 0) FROM points_redemptions WHERE "Status" <> 4"""),
            await Scalar("""SELECT COALESCE(SUM("Balance"), 0) FROM points_accounts WHERE "Kind" = 3"""));

        var check = await Run("ledger-check");
        Assert.True(check.Exit == 0, check.Err + check.Out);
        Assert.Contains("The ledger holds", check.Out);

        // Seeding again adds nothing: no second shop, no placeholder holders.
        var items = await Scalar("SELECT count(*) FROM points_shop_items");
        var again = await Run("seed-demo", "--Demo:Residents=600");
        Assert.True(again.Exit == 0, again.Err + again.Out);
        Assert.Equal(items, await Scalar("SELECT count(*) FROM points_shop_items"));
        Assert.Equal(redemptions, await Scalar("SELECT count(*) FROM points_redemptions"));
    }
}

public sealed class DemoLedgerTestsOnSqlite : DemoLedgerTests
{
    protected override string Provider => "Sqlite";
    protected override Task<string> NewDatabaseAsync() => Task.FromResult($"Data Source={Path.Combine(Dir, "demo.db")}");
    protected override DbConnection Connection(string connectionString) => new SqliteConnection(connectionString);
}

public sealed class DemoLedgerTestsOnPostgres : DemoLedgerTests
{
    private readonly string _database = "gongzhi_demo_ledger_" + Guid.NewGuid().ToString("N")[..10];
    protected override string Provider => "Postgres";
    protected override DbConnection Connection(string connectionString) => new NpgsqlConnection(connectionString);

    protected override async Task<string> NewDatabaseAsync()
    {
        await using var connection = new NpgsqlConnection(PostgresApp.ServerConnectionString);
        await connection.OpenAsync();
        await new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection).ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(PostgresApp.ServerConnectionString) { Database = _database }.ToString();
    }

    public override async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using (var connection = new NpgsqlConnection(PostgresApp.ServerConnectionString))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection).ExecuteNonQueryAsync();
        }
        await base.DisposeAsync();
    }
}
