using System.Diagnostics;

namespace Gongzhi.Tests.Infrastructure;

/// <summary>Reads a generated PDF back with poppler's pdftotext / pdfinfo (Debian poppler-utils; scripts/test.sh installs it).</summary>
public static class PdfText
{
    public static Task<string> TextAsync(byte[] pdf) => RunAsync("pdftotext", ["-layout", "-enc", "UTF-8", "-", "-"], pdf);

    public static Task<string> InfoAsync(byte[] pdf) => RunAsync("pdfinfo", ["-"], pdf);

    private static async Task<string> RunAsync(string tool, string[] args, byte[] pdf)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{tool} is missing: apt-get install poppler-utils ({e.Message})");
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.StandardInput.BaseStream.WriteAsync(pdf);
            process.StandardInput.Close();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {await error}");
            return await output;
        }
    }
}
