using System.Diagnostics.Metrics;
using Faas.Gateway.Metrics;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Metrics;

/// <summary>What <c>/metrics</c> counts: exactly, at once, per app, for as many functions as there are.</summary>
[TestFixture]
public sealed class ScrapeCountingTests
{
    private MetricsApp _app = null!;

    [SetUp]
    public async Task SetUpAsync() => _app = await MetricsApp.StartAsync();

    [TearDown]
    public async Task TearDownAsync() => await _app.DisposeAsync();

    [Test]
    public async Task Scrape_RightAfterNEvents_CounterRoseByExactlyN()
    {
        var metrics = _app.Services.GetRequiredService<GatewayMetrics>();
        metrics.RateLimitRejected();
        var before = await _app.ScrapeAsync();

        for (var i = 0; i < 25; i++)
        {
            metrics.RateLimitRejected();
        }

        var after = await _app.ScrapeAsync();
        metrics.RateLimitRejected();
        var again = await _app.ScrapeAsync();

        Assert.That(Exposition.Value(before, "gateway_rate_limit_rejections_total"), Is.EqualTo(1));
        Assert.That(Exposition.Value(after, "gateway_rate_limit_rejections_total"), Is.EqualTo(26), "a scrape right after another is collected anew, not cached");
        Assert.That(Exposition.Value(again, "gateway_rate_limit_rejections_total"), Is.EqualTo(27));
    }

    [Test]
    public async Task Scrape_RequestsToARoute_CountedByMethodTemplateAndStatus()
    {
        for (var i = 0; i < 3; i++)
        {
            using var response = await _app.Client.GetAsync($"hello/caller{i}");
            response.EnsureSuccessStatusCode();
        }

        using (await _app.Client.GetAsync("no/such/route"))
        {
        }

        var text = await _app.ScrapeAsync();

        Assert.That(Exposition.Value(text, "gateway_http_requests_total", ("method", "GET"), ("path_template", "/hello/{name}"), ("status", "200")), Is.EqualTo(3));
        Assert.That(Exposition.Value(text, "gateway_http_requests_total", ("method", "GET"), ("path_template", "unmatched"), ("status", "404")), Is.EqualTo(1));
        Assert.That(text, Does.Not.Contain("caller"));
    }

    [Test]
    public async Task Scrape_TwoAppsInOneProcess_EachCountsOnlyItsOwnMeters()
    {
        await using var other = await MetricsApp.StartAsync();
        _app.Services.GetRequiredService<GatewayMetrics>().RateLimitRejected();
        _app.Services.GetRequiredService<GatewayMetrics>().RateLimitRejected();
        other.Services.GetRequiredService<GatewayMetrics>().RateLimitRejected();

        Assert.That(Exposition.Value(await _app.ScrapeAsync(), "gateway_rate_limit_rejections_total"), Is.EqualTo(2));
        Assert.That(Exposition.Value(await other.ScrapeAsync(), "gateway_rate_limit_rejections_total"), Is.EqualTo(1));
    }

    [Test]
    public async Task Scrape_HistogramWithAdvice_HasExactlyTheAdvisedBuckets()
    {
        var histogram = _app.Meter("Faas").CreateHistogram("test_wait_seconds", "s", "Wait.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.5, 2] });
        foreach (var value in new[] { 0.0005, 0.5, 1, 7 })
        {
            histogram.Record(value, new KeyValuePair<string, object?>("function", "f"));
        }

        var samples = Exposition.Samples(await _app.ScrapeAsync());

        var buckets = samples.Where(s => s.Name == "test_wait_seconds_bucket").Select(s => (s.Labels["le"], s.Value)).ToList();
        Assert.That(buckets, Is.EqualTo(new[] { ("0.001", 1.0), ("0.5", 2.0), ("2", 3.0), ("+Inf", 4.0) }));
        Assert.That(samples.Single(s => s.Name == "test_wait_seconds_sum").Value, Is.EqualTo(8.5005).Within(1e-9));
        Assert.That(samples.Single(s => s.Name == "test_wait_seconds_count").Value, Is.EqualTo(4));
    }

    [Test]
    public async Task Scrape_FunctionSeriesBeyondTheSdkDefaultLimit_AreAllKeptExactly()
    {
        const int functions = 2500;
        var counter = _app.Meter("Faas").CreateCounter<long>("test_calls_total");
        for (var i = 0; i < functions; i++)
        {
            counter.Add(i % 3 + 1, new KeyValuePair<string, object?>("function", $"f{i}"));
        }

        var samples = Exposition.Samples(await _app.ScrapeAsync()).Where(s => s.Name == "test_calls_total").ToList();

        Assert.That(samples, Has.Count.EqualTo(functions));
        Assert.That(samples.Any(s => s.Labels.ContainsKey("otel_metric_overflow")), Is.False);
        Assert.That(samples.Single(s => s.Labels["function"] == "f2498").Value, Is.EqualTo(3));
    }

    [Test]
    public async Task Scrape_ObservableGauge_ReportsCurrentValuesAndDropsSeriesNoLongerObserved()
    {
        var instances = new Dictionary<string, int> { ["a"] = 2, ["b"] = 1 };
        _app.Meter("Faas").CreateObservableGauge("test_instances", () => instances.Select(kv =>
            new Measurement<int>(kv.Value, new KeyValuePair<string, object?>("function", kv.Key))).ToList());

        var first = await _app.ScrapeAsync();
        instances.Remove("b");
        instances["a"] = 5;
        var second = await _app.ScrapeAsync();

        Assert.That(Exposition.Value(first, "test_instances", ("function", "a")), Is.EqualTo(2));
        Assert.That(Exposition.Value(first, "test_instances", ("function", "b")), Is.EqualTo(1));
        Assert.That(Exposition.Value(second, "test_instances", ("function", "a")), Is.EqualTo(5));
        Assert.That(Exposition.Value(second, "test_instances", ("function", "b")), Is.Null);
    }
}
