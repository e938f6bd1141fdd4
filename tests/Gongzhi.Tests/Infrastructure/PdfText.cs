using System.Diagnostics;

namespace Gongzhi.Tests.Infrastructure;

/// <summary>Reads a generated PDF back with poppler's pdftotext / pdfinfo / pdftoppm (Debian poppler-utils) and zbarimg (zbar-tools); scripts/test.sh installs both.</summary>
public static class PdfText
{
    public static Task<string> TextAsync(byte[] pdf) => RunAsync("pdftotext", ["-layout", "-enc", "UTF-8", "-", "-"], pdf);

    public static Task<string> InfoAsync(byte[] pdf) => RunAsync("pdfinfo", ["-"], pdf);

    /// <summary>
    /// The QR codes printed on the PDF's first page, decoded: the page rendered with pdftoppm and read with zbarimg
    /// (Debian zbar-tools), as a phone would read the printed sheet.
    /// </summary>
    public static async Task<IReadOnlyList<string>> QrCodesAsync(byte[] pdf)
    {
        var dir = Directory.CreateTempSubdirectory("gongzhi-pdf-");
        try
        {
            var file = Path.Combine(dir.FullName, "in.pdf");
            await File.WriteAllBytesAsync(file, pdf);
            await RunAsync("pdftoppm", ["-r", "150", "-gray", "-png", "-f", "1", "-l", "1", "-singlefile", file, Path.Combine(dir.FullName, "page")], []);
            var text = await RunAsync("zbarimg", ["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", Path.Combine(dir.FullName, "page.png")], []);
            return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }
        finally { dir.Delete(recursive: true); }
    }

    /// <summary>How many pixels of the PDF's first page (rendered at 50 dpi) are clearly red: text drawn in a warning colour.</summary>
    public static async Task<int> RedPixelsAsync(byte[] pdf)
    {
        var dir = Directory.CreateTempSubdirectory("gongzhi-pdf-");
        try
        {
            var file = Path.Combine(dir.FullName, "in.pdf");
            await File.WriteAllBytesAsync(file, pdf);
            await RunAsync("pdftoppm", ["-r", "50", "-f", "1", "-l", "1", "-singlefile", file, Path.Combine(dir.FullName, "page")], []);
            var ppm = await File.ReadAllBytesAsync(Path.Combine(dir.FullName, "page.ppm"));
            // Binary PPM (P6): three header fields (width, height, maximum) after the magic, then RGB triples.
            var offset = 0;
            for (var fields = 0; fields < 4; offset++)
                if (char.IsWhiteSpace((char)ppm[offset]) && !char.IsWhiteSpace((char)ppm[offset - 1])) fields++;
            var red = 0;
            for (var i = offset; i + 2 < ppm.Length; i += 3)
                if (ppm[i] > 140 && ppm[i + 1] < 90 && ppm[i + 2] < 90) red++;
            return red;
        }
        finally { dir.Delete(recursive: true); }
    }

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
            throw new InvalidOperationException($"{tool} is missing: apt-get install {(tool == "zbarimg" ? "zbar-tools" : "poppler-utils")} ({e.Message})");
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
