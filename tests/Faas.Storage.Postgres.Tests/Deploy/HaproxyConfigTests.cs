using System.Diagnostics;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Storage.Postgres.Tests.Deploy;

/// <summary>deploy/haproxy.cfg as the tests run it: valid, API calls spread, the dashboard kept on one node per browser.</summary>
[TestFixture]
public sealed class HaproxyConfigTests
{
    [Test]
    public async Task Config_TwoTestNodes_EveryBackendServesThemAndTheDashboardSticks()
    {
        HaproxyServer.Require();
        var config = HaproxyServer.Config(18000, [18001, 18002]);
        var path = Path.Combine(Path.GetTempPath(), $"faas-haproxy-check-{Guid.NewGuid():N}.cfg");
        await File.WriteAllTextAsync(path, config);
        try
        {
            using var check = Process.Start(new ProcessStartInfo("/usr/sbin/haproxy", ["-c", "-f", path])
            {
                RedirectStandardOutput = true, RedirectStandardError = true,
            })!;
            var output = await check.StandardOutput.ReadToEndAsync() + await check.StandardError.ReadToEndAsync();
            await check.WaitForExitAsync();
            Assert.That(check.ExitCode, Is.Zero, output);
        }
        finally
        {
            File.Delete(path);
        }

        var servers = config.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("server ", StringComparison.Ordinal)).ToList();
        Assert.That(servers, Is.EqualTo(new[]
        {
            "server node-1 127.0.0.1:18001 check", "server node-2 127.0.0.1:18002 check",
            "server node-1 127.0.0.1:18001 check cookie node-1", "server node-2 127.0.0.1:18002 check cookie node-2",
        }));
        Assert.That(config, Does.Contain("bind 127.0.0.1:18000").And.Contain("use_backend faas_dashboard if dashboard"));
    }
}
