using Faas.Cli.Bench;
using NUnit.Framework;

namespace Faas.Cli.Tests.Bench;

[TestFixture]
public sealed class LatencyHistogramTests
{
    [Test]
    public void Percentile_OneToThousandMilliseconds_WithinTwoPercentOfTheExactValue()
    {
        var histogram = new LatencyHistogram();
        for (var ms = 1; ms <= 1000; ms++)
        {
            histogram.Record(TimeSpan.FromMilliseconds(ms));
        }

        Assert.That(histogram.Percentile(50).TotalMilliseconds, Is.EqualTo(500).Within(2).Percent);
        Assert.That(histogram.Percentile(90).TotalMilliseconds, Is.EqualTo(900).Within(2).Percent);
        Assert.That(histogram.Percentile(99).TotalMilliseconds, Is.EqualTo(990).Within(2).Percent);
        Assert.That(histogram.Max, Is.EqualTo(TimeSpan.FromMilliseconds(1000)));
        Assert.That(histogram.Mean.TotalMilliseconds, Is.EqualTo(500.5).Within(0.001));
        Assert.That(histogram.Percentile(100), Is.LessThanOrEqualTo(histogram.Max));
    }

    [Test]
    public void Merge_TwoWorkers_CountsMaxAndBucketsAddUp()
    {
        var first = new LatencyHistogram();
        var second = new LatencyHistogram();
        first.Record(TimeSpan.FromMilliseconds(0.3));
        first.Record(TimeSpan.FromMilliseconds(3));
        second.Record(TimeSpan.FromMilliseconds(30));
        second.Record(TimeSpan.FromSeconds(20));

        first.Merge(second);

        Assert.That(first.Count, Is.EqualTo(4));
        Assert.That(first.Max, Is.EqualTo(TimeSpan.FromSeconds(20)));
        var counts = first.DisplayCounts;
        Assert.That(counts.Sum(), Is.EqualTo(4));
        Assert.That(counts[0], Is.EqualTo(1), "<= 0.5 ms");
        Assert.That(counts[Array.IndexOf(LatencyHistogram.DisplayBoundsMs, 5.0)], Is.EqualTo(1), "<= 5 ms");
        Assert.That(counts[Array.IndexOf(LatencyHistogram.DisplayBoundsMs, 50.0)], Is.EqualTo(1), "<= 50 ms");
        Assert.That(counts[^1], Is.EqualTo(1), "> 10 s");
    }

    [Test]
    public void Percentile_Empty_Zero()
    {
        Assert.That(new LatencyHistogram().Percentile(99), Is.EqualTo(TimeSpan.Zero));
    }
}
