using System.Diagnostics;

namespace Cairn.Cli.Tests;

/// <summary>Runs the built <c>cairn</c> as a real process and collects its exit code and output.</summary>
internal static class CairnProcess
{
    public static async Task<(int Exit, string Out, string Error)> RunAsync(string[] args, string? standardInput = null)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "cairn.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
