using Faas.Gateway.Ui.Charts;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Ui.Charts;

[TestFixture]
public sealed class ChartGeometryTests
{
    [TestCase(0, 1)]
    [TestCase(0.3, 0.5)]
    [TestCase(1, 1)]
    [TestCase(1.2, 2)]
    [TestCase(2.1, 2.5)]
    [TestCase(37, 50)]
    [TestCase(71.3, 100)]
    [TestCase(12000, 20000)]
    public void NiceTop_Maximum_RoundValueAtOrAbove(double max, double expected) =>
        Assert.That(ChartGeometry.NiceTop(max), Is.EqualTo(expected).Within(1e-9));

    [Test]
    public void Path_ValuesWithAGap_TwoSegmentsScaledToTheBox()
    {
        var path = ChartGeometry.Path([0, 5, null, 10, 10], width: 100, height: 50, top: 10);

        Assert.That(path, Is.EqualTo("M0 50 L25 25 M75 0 L100 0"));
    }

    [Test]
    public void Path_LonePoint_DrawnAsAShortSegment() =>
        Assert.That(ChartGeometry.Path([null, 4, null], width: 100, height: 10, top: 4), Is.EqualTo("M50 0 L75 0"));

    [Test]
    public void Path_ValueAboveTop_ClampedToTheBox() =>
        Assert.That(ChartGeometry.Path([20, 20], width: 10, height: 10, top: 10), Is.EqualTo("M0 0 L10 0"));

    [Test]
    public void Path_NothingToDraw_IsEmpty() => Assert.That(ChartGeometry.Path([null, null], 10, 10, 1), Is.Empty);

    [TestCase(0.04, "0.04")]
    [TestCase(71.34, "71.3")]
    [TestCase(250.4, "250")]
    [TestCase(12500, "12.5k")]
    [TestCase(2_500_000, "2.5M")]
    public void Short_Value_ThreeFiguresOrSuffix(double value, string expected) => Assert.That(ChartGeometry.Short(value), Is.EqualTo(expected));

    [Test]
    public void ChartSeries_CountedRate_LegendShowsTheCountInTheWindow()
    {
        var rate = new ChartSeries("calls", "calls", [0.2, null, 0.4], Scale: 5, Counted: true);
        var latency = new ChartSeries("p95", "p95", [12, 30, null]);

        Assert.That((rate.Total, rate.Legend), Is.EqualTo((3.0, (double?)3.0)));
        Assert.That(latency.Legend, Is.EqualTo(30));
    }
}
