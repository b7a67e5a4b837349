using Faas.Orchestrator.Cluster;
using Faas.Orchestrator.Functions;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Cluster;

[TestFixture]
public sealed class LatencyHistogramTests
{
    [TestCase(0.0)]
    [TestCase(0.37)]
    [TestCase(12.5)]
    [TestCase(999.0)]
    [TestCase(60_000.0)]
    public void Bucket_AnyLatency_ValueWithinOnePercentAbove(double milliseconds)
    {
        var value = LatencyHistogram.Value(LatencyHistogram.Bucket(milliseconds));

        Assert.That(value, Is.InRange(Math.Max(milliseconds, 0.001), Math.Max(milliseconds, 0.001) * 1.0101));
    }

    [Test]
    public void Merge_TwoNodesWithDifferentLatencies_PercentilesOfAllCallsNotTheAverage()
    {
        // Node a: 90 fast calls (10 ms); node b: 10 slow calls (1000 ms). Over all 100 calls the median is 10 ms and
        // p95 is 1000 ms; averaging the nodes' own percentiles would say p50 = 505 ms.
        var fast = Report(Enumerable.Repeat(10.0, 90));
        var slow = Report(Enumerable.Repeat(1000.0, 10));

        var merged = ClusterCatalog.Merge([fast, slow]);

        Assert.That(merged.Invocations, Is.EqualTo(100));
        Assert.That(merged.LatencyMs.P50, Is.InRange(10, 10.1));
        Assert.That(merged.LatencyMs.P95, Is.InRange(1000, 1010));
        Assert.That(merged.LatencyMs.P99, Is.InRange(1000, 1010));
        Assert.That(merged.LatencyMs.Mean, Is.EqualTo(109));
        Assert.That(merged.Errors, Is.EqualTo(2));
    }

    [Test]
    public void Merge_NoCalls_Zeros()
    {
        var merged = ClusterCatalog.Merge([Report([])]);

        Assert.That(merged.LatencyMs, Is.EqualTo(new Faas.Orchestrator.Stats.LatencySummary(0, 0, 0, 0)));
    }

    private static FunctionReport Report(IEnumerable<double> latencies)
    {
        var window = latencies.ToArray();
        return new FunctionReport(window.Length, 1, 0, 0, 0, window.Sum(), LatencyHistogram.Of(window), new InstanceCounts(1, 1, 0, 0, 0));
    }
}
