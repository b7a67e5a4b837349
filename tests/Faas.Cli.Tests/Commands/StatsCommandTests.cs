using System.Text.Json.Nodes;
using NUnit.Framework;

namespace Faas.Cli.Tests.Commands;

[TestFixture]
public sealed class StatsCommandTests : CliTestBase
{
    [Test]
    public async Task Stats_Json_CountsTheInvocations()
    {
        var name = UniqueName("counted");
        await DeployAsync(name, EchoSource);
        await RunExpectingAsync(0, "invoke", name);
        await RunExpectingAsync(0, "invoke", name);

        var stats = await JsonOfAsync("stats", name, "--json");

        Assert.That((long)stats["invocations"]!, Is.EqualTo(2));
        Assert.That((long)stats["cold_starts"]!, Is.EqualTo(1));
        Assert.That(stats["latency_ms"]!.AsObject().Select(p => p.Key), Is.SupersetOf(new[] { "p50", "p95", "p99", "mean" }));
        Assert.That(stats["instances"]!["total"], Is.Not.Null);
    }

    [Test]
    public async Task Stats_Table_ShowsCountersAndLatency()
    {
        var name = UniqueName("tabled");
        await DeployAsync(name, EchoSource);
        await RunExpectingAsync(0, "invoke", name);

        var result = await RunExpectingAsync(0, "stats", name);

        Assert.That(result.Out, Does.Match(@"invocations\s+│\s+1\s"));
        Assert.That(result.Out, Does.Contain("latency p99").And.Contain(" ms"));
    }

    [Test]
    public async Task Stats_NoName_ShowsThePlatformTotals()
    {
        var stats = await JsonOfAsync("stats", "--json");

        Assert.That(stats["functions"], Is.Not.Null);
        Assert.That(stats["started_at"], Is.Not.Null);
    }

    [Test]
    public async Task Stats_UnknownFunction_Exit1NotFound()
    {
        var result = await RunExpectingAsync(1, "stats", UniqueName("nostats"));

        Assert.That(result.Error, Does.StartWith("error: not_found:"));
    }

    [Test]
    public async Task Stats_WatchNotOnATerminal_PrintsOneJsonLinePerRefreshUntilCancelled()
    {
        var name = UniqueName("watched");
        await DeployAsync(name, EchoSource);
        using var stop = new CancellationTokenSource();
        var watcher = CliRunner.InTemporaryDirectory(Cli.Environment);

        var watching = watcher.RunAsync(["stats", name, "--watch", "--json", "--interval", "100ms"], "", stop.Token);
        await WaitForAsync(() => Snapshots(watcher.Out.Text).Count >= 1, () => watcher.Out.Text);
        await RunExpectingAsync(0, "invoke", name);
        await WaitForAsync(() => Snapshots(watcher.Out.Text).Any(s => (long)s["invocations"]! == 1), () => watcher.Out.Text);
        stop.Cancel();
        var result = await watching;

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        var snapshots = Snapshots(result.Out);
        Assert.That((long)snapshots[0]["invocations"]!, Is.EqualTo(0));
        Assert.That(snapshots.Select(s => (long)s["invocations"]!), Is.Ordered);
        watcher.Delete();
    }

    /// <summary>The complete JSON lines printed so far.</summary>
    private static List<JsonNode> Snapshots(string output) =>
        output.Split('\n').Where(l => l.StartsWith('{') && l.EndsWith('}')).Select(l => JsonNode.Parse(l)!).ToList();
}
