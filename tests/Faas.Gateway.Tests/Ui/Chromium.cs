using Faas.Tests.Common;
using Microsoft.Playwright;

namespace Faas.Gateway.Tests.Ui;

/// <summary>
/// Debian's Chromium (<c>apt-get install chromium</c>; scripts/setup.sh does it), driven by Playwright: Playwright's
/// own browser download is never used, and the browser is told not to reach anything by itself.
/// </summary>
internal static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    private static readonly string[] s_args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    /// <summary>Skips (fails under CI=true) when the system Chromium is missing.</summary>
    public static void Require() =>
        Requirements.Require(File.Exists(Path), $"needs Debian's Chromium at {Path}: run scripts/setup.sh as root (apt-get install chromium)");

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Path, Headless = true, Args = s_args });
}
