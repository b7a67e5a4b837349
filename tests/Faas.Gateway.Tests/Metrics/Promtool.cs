using System.Diagnostics;
using Faas.Tests.Common;

namespace Faas.Gateway.Tests.Metrics;

/// <summary><c>promtool check metrics</c> (Debian package 'prometheus'; scripts/setup.sh installs it).</summary>
internal static class Promtool
{
    /// <summary>Exit code and everything promtool printed about <paramref name="text"/>.</summary>
    public static async Task<(int ExitCode, string Report)> CheckMetricsAsync(string text)
    {
        var promtool = Find();
        Requirements.Require(promtool is not null, "needs promtool (Debian package 'prometheus'; scripts/setup.sh installs it)");
        var start = new ProcessStartInfo(promtool!, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(text);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':')
            .Select(directory => Path.Combine(directory, "promtool"))
            .FirstOrDefault(File.Exists);
}
