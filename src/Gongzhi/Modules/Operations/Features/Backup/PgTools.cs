using System.Diagnostics;
using Npgsql;

namespace Gongzhi.Modules.Operations.Features.Backup;

/// <summary>Finds and runs PostgreSQL's client programs (<c>pg_dump</c>, <c>pg_restore</c>) against the configured server.</summary>
public static class PgTools
{
    /// <summary>The configured path, else the program on PATH; null when neither exists.</summary>
    public static string? Find(string program, string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return File.Exists(configured) ? configured : null;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    public static string Require(string program, string? configured, string setting) =>
        Find(program, configured) ?? throw new OperationFailed(string.IsNullOrWhiteSpace(configured)
            ? $"{program} was not found on PATH. Install the PostgreSQL client programs of the server's major version (e.g. apt-get install postgresql-client-15) or set {setting} to the program's path."
            : $"{program} was not found at {configured} ({setting}).");

    /// <summary>
    /// Runs the program with the connection given through libpq's environment variables (never on the command line,
    /// where other users could read the password) and answers its standard output; a non-zero exit fails with its
    /// standard error.
    /// </summary>
    public static async Task<string> RunAsync(string program, IEnumerable<string> args, NpgsqlConnectionStringBuilder connection, CancellationToken ct)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        void Set(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value)) start.Environment[name] = value;
            else start.Environment.Remove(name);
        }
        Set("PGHOST", connection.Host);
        Set("PGPORT", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Set("PGUSER", connection.Username);
        Set("PGPASSWORD", connection.Password);
        Set("PGDATABASE", connection.Database);
        Set("PGSSLMODE", connection.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        });
        Set("PGCONNECT_TIMEOUT", connection.Timeout.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var process = Process.Start(start) ?? throw new OperationFailed($"Could not start {program}.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0)
            throw new OperationFailed($"{Path.GetFileName(program)} failed (exit code {process.ExitCode}): {(await error).Trim()}");
        return await output;
    }
}
