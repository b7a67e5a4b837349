using System.Net.Http.Headers;
using Faas.Gateway.Auth;
using Faas.Gateway.Metrics;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Metrics;

/// <summary>How <c>/metrics</c> answers: formats, names, one family per name, promtool, its scope.</summary>
[TestFixture]
public sealed class ScrapeFormatTests
{
    /// <summary>What Prometheus 2.x sends.</summary>
    private const string PrometheusAccept =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private MetricsApp _app = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _app = await MetricsApp.StartAsync();
        using var warmUp = await _app.Client.GetAsync("hello/world");
        _app.Services.GetRequiredService<GatewayMetrics>().RateLimitRejected();
    }

    [TearDown]
    public async Task TearDownAsync() => await _app.DisposeAsync();

    [Test]
    public async Task Scrape_NoAccept_IsTextFormat004NotToBeCached()
    {
        using var response = await _app.Client.GetAsync("metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo("text/plain; version=0.0.4; charset=utf-8"));
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        Assert.That(text, Does.Not.Contain("# EOF"));
        Assert.That(text, Does.Contain("\ngateway_rate_limit_rejections_total"));
    }

    [Test]
    public async Task Scrape_AcceptLikePrometheus_IsOpenMetricsEndingInEof()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "metrics");
        request.Headers.TryAddWithoutValidation("Accept", PrometheusAccept);
        using var response = await _app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/openmetrics-text"));
        Assert.That(text, Does.EndWith("# EOF\n"));
        Assert.That(text, Does.Contain("# TYPE gateway_rate_limit_rejections counter\n"), "OpenMetrics names the counter family without _total");
        Assert.That(Exposition.Value(text, "gateway_rate_limit_rejections_total"), Is.EqualTo(1));
    }

    [Test]
    public async Task Scrape_InstrumentsNamedForPrometheus_KeepTheirNamesExactly()
    {
        var meter = _app.Meter("Faas");
        meter.CreateCounter<long>("test_jobs_total", description: "Jobs.").Add(1);
        meter.CreateHistogram<double>("test_latency_seconds", "s").Record(0.2);
        meter.CreateObservableGauge("test_queue", () => 3);
        meter.CreateObservableCounter("test_cpu_seconds_total", () => 1.5);

        var types = Exposition.Types(await _app.ScrapeAsync());

        Assert.That(types, Does.Contain(("test_jobs_total", "counter")));
        Assert.That(types, Does.Contain(("test_latency_seconds", "histogram")));
        Assert.That(types, Does.Contain(("test_queue", "gauge")));
        Assert.That(types, Does.Contain(("test_cpu_seconds_total", "counter")));
    }

    [Test]
    public async Task Scrape_ProcessAndRuntime_ConventionalNamesOnceEachBesideTheBuiltInMeters()
    {
        var text = await _app.ScrapeAsync();
        var types = Exposition.Types(text);

        foreach (var (family, type) in new[]
        {
            ("process_cpu_seconds_total", "counter"), ("process_resident_memory_bytes", "gauge"), ("process_start_time_seconds", "gauge"),
            ("process_open_fds", "gauge"), ("dotnet_gc_heap_size_bytes", "gauge"), ("dotnet_gc_collections_total", "counter"),
            ("dotnet_threadpool_threads", "gauge"), ("dotnet_threadpool_queue_length", "gauge"),
            ("dotnet_gc_pause_time_seconds_total", "counter"), ("http_server_request_duration_seconds", "histogram"),
        })
        {
            Assert.That(types, Does.Contain((family, type)), family);
        }

        Assert.That(types.GroupBy(t => t.Family).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty, "one family per name");
        Assert.That(Exposition.Samples(text).Where(s => s.Name == "dotnet_gc_collections_total").Select(s => string.Join(",", s.Labels.Keys)).Distinct(),
            Is.EqualTo(new[] { "generation" }));
        Assert.That(Exposition.Samples(text).Any(s => s.Labels.ContainsKey("otel_scope_name")), Is.False);
    }

    [Test]
    public async Task Scrape_Output_PassesPromtoolCheckWithoutWarnings()
    {
        var text = await _app.ScrapeAsync();

        var (exitCode, report) = await Promtool.CheckMetricsAsync(text);

        Assert.That(exitCode, Is.Zero, report + "\n" + text);
        Assert.That(report, Is.Empty, "promtool printed lint warnings:\n" + report);
    }

    [Test]
    public async Task Metrics_PostOrDelete_NotAllowed()
    {
        using var post = await _app.Client.PostAsync("metrics", new StringContent(""));
        using var delete = await _app.Client.DeleteAsync("metrics");

        Assert.That((int)post.StatusCode, Is.EqualTo(405));
        Assert.That((int)delete.StatusCode, Is.EqualTo(405));
    }

    [TestCase("None")]
    [TestCase("Admin")]
    public async Task UseFaasMetrics_Scope_IsRequiredOnTheScrapeEndpoint(string scopeName)
    {
        var scope = Enum.Parse<Scope>(scopeName);
        await using var app = await MetricsApp.StartAsync(scope);

        var endpoint = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Single(e => e.RoutePattern.RawText == "/metrics");

        Assert.That(endpoint.Metadata.GetMetadata<RequiredScope>(), Is.EqualTo(new RequiredScope(scope)));
    }
}
