using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Gongzhi.Tests.Platform;

/// <summary>
/// <c>new-personal-data-key</c> and <c>rotate-personal-data</c> as an operator runs them: progress, a second run that
/// skips what is done, and clear refusals when the keys do not fit the database or the settings. (The kill midway and
/// the resume are in <see cref="PersonalDataRotationTests"/>, on both databases.)
/// </summary>
public sealed class RotationCommandLineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gongzhi-rotate-").FullName;
    private string Db => Path.Combine(_dir, "cli.db");
    private string Keys => Path.Combine(_dir, "keys.json");

    private ProcessStartInfo Start(string keyFile, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _dir,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Gongzhi.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.ArgumentList.Add($"--ConnectionStrings:Gongzhi=Data Source={Db}");
        start.ArgumentList.Add($"--PersonalData:KeyFile={keyFile}");
        start.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        return start;
    }

    private async Task<(int Exit, string Out, string Err)> Run(string keyFile, params string[] args)
    {
        using var process = Process.Start(Start(keyFile, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (process.ExitCode, await output, await error);
    }

    private async Task<long> Count(string where)
    {
        await using var connection = new SqliteConnection($"Data Source={Db};Pooling=false");
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM residents WHERE " + where;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_killed_rotation_resumes_to_the_end_and_wrong_keys_or_settings_are_refused()
    {
        var seed = await Run(Keys, "seed-demo", "--Demo:Residents=300");
        Assert.True(seed.Exit == 0, seed.Err);
        var total = await Count("1 = 1");

        var key = await Run(Keys, "new-personal-data-key", "--PersonalData:Algorithm=SM4-GCM");
        Assert.True(key.Exit == 0, key.Err);
        Assert.Contains("Key k2 (SM4-GCM, lookup hash HMAC-SM3) is now current", key.Out);

        var rotation = await Run(Keys, "rotate-personal-data", "--PersonalData:RotationBatchSize=100");
        Assert.True(rotation.Exit == 0, rotation.Err);
        Assert.Contains($"residents: 100/{total} rows read, 100 rewritten (up to id", rotation.Out); // progress, batch by batch
        Assert.Contains("Done: every value is under the current key.", rotation.Out);
        Assert.Equal(total, await Count("\"IdNumberCipher\" LIKE 'v2.s.k2.%'"));
        Assert.Equal(0, await Count("\"PhoneCipher\" LIKE '%.k1.%'"));
        var again = await Run(Keys, "rotate-personal-data");
        Assert.True(again.Exit == 0, again.Err);
        Assert.Contains($"residents: 0 of {total} rewritten", again.Out); // what is current is skipped: how a killed run resumes

        // A key file that does not belong to this database: refused, nothing written, the message says why.
        var foreign = await Run(Path.Combine(_dir, "other-keys.json"), "rotate-personal-data");
        Assert.Equal(1, foreign.Exit);
        Assert.Contains("key id 'k2', which is not among this installation's keys", foreign.Err);
        Assert.Equal(total, await Count("\"IdNumberCipher\" LIKE 'v2.s.k2.%'"));

        // Settings that ask for AES-GCM while the current key is SM4-GCM: refused with the way out.
        var mismatch = await Run(Keys, "rotate-personal-data", "--PersonalData:Algorithm=AES-GCM");
        Assert.Equal(1, mismatch.Exit);
        Assert.Contains("new-personal-data-key --PersonalData:Algorithm=AES-GCM", mismatch.Err);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
