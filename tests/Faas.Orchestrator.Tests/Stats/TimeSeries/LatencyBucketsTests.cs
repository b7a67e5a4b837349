using Faas.Orchestrator.Stats.TimeSeries;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Stats.TimeSeries;

[TestFixture]
public sealed class LatencyBucketsTests
{
    [TestCase(0.2, 0)]
    [TestCase(1, 0)]
    [TestCase(1.01, 1)]
    [TestCase(60_000, 24)]
    [TestCase(60_001, 25)]
    public void IndexOf_Latency_BucketWhoseUpperBoundHoldsIt(double milliseconds, int expected) =>
        Assert.That(LatencyBuckets.IndexOf(milliseconds), Is.EqualTo(expected));

    [Test]
    public void Percentile_NoCalls_IsZero() =>
        Assert.That(LatencyBuckets.Percentile(new long[LatencyBuckets.Count], 0, 0.95, 0), Is.Zero);

    [Test]
    public void Percentile_SlowerThanEveryBound_NeverAboveTheSlowestCall()
    {
        var histogram = new long[LatencyBuckets.Count];
        histogram[^1] = 4;

        Assert.That(LatencyBuckets.Percentile(histogram, 4, 0.99, 95_000), Is.EqualTo(95_000));
        Assert.That(LatencyBuckets.Percentile(histogram, 4, 0.50, 95_000), Is.InRange(60_000, 95_000));
    }

    [Test]
    public void Percentile_RankInsideABucket_InterpolatedBetweenItsBounds()
    {
        var histogram = new long[LatencyBuckets.Count];
        histogram[LatencyBuckets.IndexOf(15)] = 10; // (10, 15]

        Assert.That(LatencyBuckets.Percentile(histogram, 10, 0.50, 15), Is.EqualTo(12.5));
    }
}
