using System.Diagnostics.Metrics;
using Faas.Gateway.Metrics;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Metrics;

[TestFixture]
public sealed class PrometheusExporterTests
{
    private Meter _meter = null!;
    private PrometheusExporter _exporter = null!;

    [SetUp]
    public void SetUp()
    {
        _meter = new Meter("Faas.Tests." + Guid.NewGuid().ToString("N"));
        _exporter = new PrometheusExporter([_meter.Name], scope: null);
    }

    [TearDown]
    public void TearDown()
    {
        _exporter.Dispose();
        _meter.Dispose();
    }

    [Test]
    public void Collect_Counter_SumsPerLabelSetWithHelpAndType()
    {
        var counter = _meter.CreateCounter<long>("requests_total", description: "Requests.");
        counter.Add(2, new KeyValuePair<string, object?>("code", 200), new KeyValuePair<string, object?>("method", "GET"));
        counter.Add(3, new KeyValuePair<string, object?>("method", "GET"), new KeyValuePair<string, object?>("code", 200));
        counter.Add(1, new KeyValuePair<string, object?>("method", "POST"), new KeyValuePair<string, object?>("code", 500));

        var text = _exporter.Collect();

        Assert.That(text, Is.EqualTo("""
            # HELP requests_total Requests.
            # TYPE requests_total counter
            requests_total{code="200",method="GET"} 5
            requests_total{code="500",method="POST"} 1

            """.Replace("\r\n", "\n", StringComparison.Ordinal)));
    }

    [Test]
    public void Collect_CounterNamedWithoutTotalOrWithDots_GetsAValidNameEndingInTotal()
    {
        _meter.CreateCounter<double>("faas.jobs.done").Add(1.5);

        var text = _exporter.Collect();

        Assert.That(text, Does.Contain("# TYPE faas_jobs_done_total counter\n"));
        Assert.That(text, Does.Contain("\nfaas_jobs_done_total 1.5\n"));
        Assert.That(text, Does.Contain("# HELP faas_jobs_done_total "), "HELP is written even without a description");
    }

    [Test]
    public void Collect_Histogram_WritesCumulativeBucketsInfSumAndCount()
    {
        var histogram = _meter.CreateHistogram("latency_seconds", "s", "Latency.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5] });
        foreach (var value in new[] { 0.5, 1, 3, 10 })
        {
            histogram.Record(value, new KeyValuePair<string, object?>("function", "f"));
        }

        var text = _exporter.Collect();

        Assert.That(text, Is.EqualTo("""
            # HELP latency_seconds Latency.
            # TYPE latency_seconds histogram
            latency_seconds_bucket{function="f",le="1"} 2
            latency_seconds_bucket{function="f",le="2"} 2
            latency_seconds_bucket{function="f",le="5"} 3
            latency_seconds_bucket{function="f",le="+Inf"} 4
            latency_seconds_sum{function="f"} 14.5
            latency_seconds_count{function="f"} 4

            """.Replace("\r\n", "\n", StringComparison.Ordinal)));
    }

    [Test]
    public void Collect_HistogramWithoutAdvice_UsesDefaultBucketsAndAppendsUnit()
    {
        _meter.CreateHistogram<double>("wait", "s").Record(0.2);

        var text = _exporter.Collect();

        Assert.That(text, Does.Contain("# TYPE wait_seconds histogram\n"));
        Assert.That(text.Split('\n').Count(l => l.StartsWith("wait_seconds_bucket{", StringComparison.Ordinal)),
            Is.EqualTo(InstrumentState.DefaultBuckets.Length + 1));
        Assert.That(text, Does.Contain("wait_seconds_bucket{le=\"0.1\"} 0\n"));
        Assert.That(text, Does.Contain("wait_seconds_bucket{le=\"0.25\"} 1\n"));
        Assert.That(text, Does.Contain("wait_seconds_count 1\n"));
    }

    [Test]
    public void Collect_LabelValuesWithQuotesBackslashesAndNewlines_AreEscaped()
    {
        _meter.CreateCounter<long>("odd_total", description: "Line one\nback\\slash").Add(1,
            new KeyValuePair<string, object?>("path", "a\"b\\c\nd"), new KeyValuePair<string, object?>("bad.label-name", "x"));

        var text = _exporter.Collect();

        Assert.That(text, Does.Contain("# HELP odd_total Line one\\nback\\\\slash\n"));
        Assert.That(text, Does.Contain("odd_total{bad_label_name=\"x\",path=\"a\\\"b\\\\c\\nd\"} 1\n"));
    }

    [Test]
    public void Collect_ObservableGauge_ReportsCurrentValuesAndDropsSeriesNoLongerObserved()
    {
        var instances = new Dictionary<string, int> { ["a"] = 2, ["b"] = 1 };
        _meter.CreateObservableGauge("instances", () => instances.Select(kv =>
            new Measurement<int>(kv.Value, new KeyValuePair<string, object?>("function", kv.Key))).ToList(), description: "Instances.");

        var first = _exporter.Collect();
        instances.Remove("b");
        instances["a"] = 5;
        var second = _exporter.Collect();

        Assert.That(first, Does.Contain("# TYPE instances gauge\ninstances{function=\"a\"} 2\ninstances{function=\"b\"} 1\n"));
        Assert.That(second, Does.Contain("instances{function=\"a\"} 5\n"));
        Assert.That(second, Does.Not.Contain("function=\"b\""));
    }

    [Test]
    public void Collect_ObservableCounterAndUpDownCounter_AreCounterAndGauge()
    {
        var cpu = 1.25;
        _meter.CreateObservableCounter("cpu_seconds_total", () => cpu);
        var inFlight = _meter.CreateUpDownCounter<int>("in_flight");
        inFlight.Add(3);
        inFlight.Add(-1);

        var text = _exporter.Collect();
        cpu = 2;
        var later = _exporter.Collect();

        Assert.That(text, Does.Contain("# TYPE cpu_seconds_total counter\ncpu_seconds_total 1.25\n"));
        Assert.That(later, Does.Contain("cpu_seconds_total 2\n"), "an observable counter reports its total, not a sum of observations");
        Assert.That(text, Does.Contain("# TYPE in_flight gauge\nin_flight 2\n"));
    }

    [Test]
    public void Collect_TwoInstrumentsWithOneName_WriteOneFamily()
    {
        var other = new Meter(_meter.Name);
        try
        {
            _meter.CreateCounter<long>("shared_total").Add(1);
            other.CreateCounter<long>("shared_total").Add(2);

            var text = _exporter.Collect();

            Assert.That(text.Split('\n').Count(l => l == "# TYPE shared_total counter"), Is.EqualTo(1));
            Assert.That(text, Does.Contain("\nshared_total 3\n"));
        }
        finally
        {
            other.Dispose();
        }
    }

    [Test]
    public void Collect_OtherMetersAndDisposedMeters_AreLeftOut()
    {
        using var unrelated = new Meter("Faas.Tests.Unrelated." + Guid.NewGuid().ToString("N"));
        unrelated.CreateCounter<long>("unrelated_total").Add(1);
        var temporary = new Meter(_meter.Name);
        temporary.CreateCounter<long>("temporary_total").Add(1);
        _meter.CreateCounter<long>("kept_total").Add(1);

        temporary.Dispose();
        var text = _exporter.Collect();

        Assert.That(text, Does.Not.Contain("unrelated_total"));
        Assert.That(text, Does.Not.Contain("temporary_total"));
        Assert.That(text, Does.Contain("kept_total 1\n"));
    }

    [Test]
    public void Collect_NothingMeasured_IsEmpty()
    {
        _meter.CreateCounter<long>("never_total");

        Assert.That(_exporter.Collect(), Is.Empty);
    }
}
