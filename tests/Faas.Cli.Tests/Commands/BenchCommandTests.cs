using System.Text.Json.Nodes;
using NUnit.Framework;

namespace Faas.Cli.Tests.Commands;

[TestFixture]
public sealed class BenchCommandTests : CliTestBase
{
    [Test]
    public async Task Bench_RequestCount_ReportsExactlyThatManyCallsWithPercentilesAndHistogram()
    {
        var name = UniqueName("benched");
        await DeployAsync(name, EchoSource);

        var report = await JsonOfAsync("bench", name, "-n", "60", "-c", "4", "--data", "x", "--json");

        Assert.That((long)report["requests"]!, Is.EqualTo(60));
        Assert.That((int)report["concurrency"]!, Is.EqualTo(4));
        Assert.That((long)report["status_counts"]!["200"]!, Is.EqualTo(60));
        Assert.That((double)report["requests_per_second"]!, Is.GreaterThan(0));
        var latency = report["latency_ms"]!;
        var ordered = new[] { "p50", "p90", "p99", "max" }.Select(p => (double)latency[p]!).ToList();
        Assert.That(ordered, Is.Ordered);
        Assert.That(ordered[0], Is.GreaterThan(0));
        Assert.That(report["histogram"]!.AsArray().Sum(b => (long)b!["count"]!), Is.EqualTo(60));
    }

    [Test]
    public async Task Bench_Table_PrintsSummaryStatusesAndHistogram()
    {
        var name = UniqueName("benchtable");
        await DeployAsync(name, EchoSource);

        var result = await RunExpectingAsync(0, "bench", name, "-n", "20", "-c", "2");

        Assert.That(result.Out, Does.Match(@"requests\s+│\s+20\s"));
        Assert.That(result.Out, Does.Contain("requests/s").And.Contain("latency p90").And.Contain("latency histogram"));
        Assert.That(result.Out, Does.Match(@"200\s+│\s+20\s"));
    }

    [Test]
    public async Task Bench_ShortDuration_StopsByItself()
    {
        var name = UniqueName("benchtime");
        await DeployAsync(name, EchoSource);

        var report = await JsonOfAsync("bench", name, "-d", "300ms", "-c", "2", "--json");

        Assert.That((long)report["requests"]!, Is.GreaterThan(0));
        Assert.That((double)report["duration_seconds"]!, Is.GreaterThanOrEqualTo(0.3));
    }

    [Test]
    public async Task Bench_UnknownFunction_Exit1BeforeAnyLoad()
    {
        var result = await RunExpectingAsync(1, "bench", UniqueName("nobench"), "-n", "10");

        Assert.That(result.Error, Does.StartWith("error: not_found:"));
        Assert.That(result.Out, Is.Empty);
    }

    [TestCase("-c", "0")]
    [TestCase("-c", "5000")]
    [TestCase("-n", "0")]
    [TestCase("-d", "2h")]
    [TestCase("-d", "soon")]
    public async Task Bench_BoundOutOfRange_Exit2(string option, string value)
    {
        await RunExpectingAsync(2, "bench", "anything", option, value);
    }
}
