using System.Diagnostics;

namespace Cairn.Web.Audits;

/// <summary>Why a PDF could not be printed, in words a person can act on.</summary>
public sealed class PdfUnavailableException(string message) : Exception(message);

/// <summary>
/// Prints an HTML page to PDF with headless Chromium (DESIGN.md: reports are HTML pages designed
/// for print, and the PDF is that page printed by the same browser the end-to-end tests drive).
/// Chromium's own command line does it, so the product needs no browser-automation driver: the page
/// goes to a private temp folder, Chromium prints it with a throwaway profile, and the folder is
/// deleted. The page has no script and no external resource, and name resolution is switched off,
/// so printing never reaches the network.
/// </summary>
public static class PdfPrinter
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

    /// <summary>Two prints at a time: each is a browser process of a few hundred MB.</summary>
    private static readonly SemaphoreSlim Gate = new(2);

    /// <summary>The browser to print with: CAIRN_CHROMIUM when set, else the first one installed.</summary>
    public static string? FindChromium() =>
        Environment.GetEnvironmentVariable("CAIRN_CHROMIUM") is { Length: > 0 } configured ? (File.Exists(configured) ? configured : null)
            : Candidates.FirstOrDefault(File.Exists);

    public static Task<byte[]> PrintAsync(string html, CancellationToken cancellationToken) =>
        RenderAsync(html, "report.pdf", output => [$"--print-to-pdf={output}"], cancellationToken);

    /// <summary>A PNG of the page at <paramref name="width"/> × <paramref name="height"/> CSS pixels (a journey map for a slide).</summary>
    public static Task<byte[]> ScreenshotAsync(string html, int width, int height, CancellationToken cancellationToken) =>
        RenderAsync(html, "page.png", output => [$"--screenshot={output}", $"--window-size={width},{height}", "--hide-scrollbars"], cancellationToken);

    private static async Task<byte[]> RenderAsync(string html, string outputName, Func<string, string[]> outputArguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(html);
        var chromium = FindChromium() ?? throw new PdfUnavailableException(
            "printing a PDF needs Chromium: install Debian's chromium package, or set CAIRN_CHROMIUM to the browser's path; the HTML report works without it");
        await Gate.WaitAsync(cancellationToken);
        var folder = Directory.CreateTempSubdirectory("cairn-print-");
        try
        {
            var page = Path.Combine(folder.FullName, "report.html");
            var pdf = Path.Combine(folder.FullName, outputName);
            await File.WriteAllTextAsync(page, html, cancellationToken);
            var start = new ProcessStartInfo(chromium)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "--headless", "--disable-gpu", "--no-pdf-header-footer", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND", $"--user-data-dir={Path.Combine(folder.FullName, "profile")}",
            }.Concat(outputArguments(pdf)))
            {
                start.ArgumentList.Add(argument);
            }

            // Chromium refuses to start its sandbox as root (containers); it then needs --no-sandbox. The page is our own, without script.
            if (!OperatingSystem.IsWindows() && Environment.UserName == "root")
            {
                start.ArgumentList.Add("--no-sandbox");
            }

            start.ArgumentList.Add(new Uri(page).AbsoluteUri);
            using var process = Process.Start(start) ?? throw new PdfUnavailableException($"could not start {chromium}");
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw cancellationToken.IsCancellationRequested ? new OperationCanceledException(cancellationToken) : new PdfUnavailableException($"Chromium did not print within {Timeout.TotalSeconds:0} s");
            }

            await Task.WhenAll(output, errors);
            if (process.ExitCode != 0 || !File.Exists(pdf))
            {
                var last = (await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no message";
                throw new PdfUnavailableException($"Chromium exited with code {process.ExitCode} without {outputName}: {last}");
            }

            return await File.ReadAllBytesAsync(pdf, cancellationToken);
        }
        finally
        {
            Gate.Release();
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A browser helper still closing; the OS temp cleaner takes the folder later.
            }
        }
    }
}
