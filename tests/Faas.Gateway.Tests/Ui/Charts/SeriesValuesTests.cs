using Faas.Gateway.Ui.Charts;
using Faas.Orchestrator.Stats.TimeSeries;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Ui.Charts;

[TestFixture]
public sealed class SeriesValuesTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static FunctionSeries Series(params SeriesPoint[] points)
    {
        var empty = new SeriesSummary(TimeSpan.Zero, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        return new FunctionSeries("f", TimeSpan.FromSeconds(5), points, empty, empty);
    }

    [Test]
    public void Values_StepsWithAndWithoutCalls_RatesPercentAndGapsWhereNothingRan()
    {
        var series = Series(
            new SeriesPoint(s_start, 0, 0, 0, 0, 0, 0, 0),
            new SeriesPoint(s_start.AddSeconds(5), 8, 2, 2, 1, 4, 9, 12));

        Assert.That(SeriesValues.RequestsPerSecond(series), Is.EqualTo(new double?[] { 0, 2 }));
        Assert.That(SeriesValues.InvocationsPerSecond(series), Is.EqualTo(new double?[] { 0, 1.6 }));
        Assert.That(SeriesValues.ErrorPercent(series), Is.EqualTo(new double?[] { null, 40 }));
        Assert.That(SeriesValues.Latency(series, p => p.P95), Is.EqualTo(new double?[] { null, 9 }));
        Assert.That(SeriesValues.Counts(series, p => p.ColdStarts), Is.EqualTo(new double?[] { 0, 1 }));
    }
}
