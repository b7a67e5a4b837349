using OpenTelemetry.Exporter;

namespace Faas.Gateway.Metrics;

/// <summary>How the OpenTelemetry exporter writes <c>/metrics</c>.</summary>
internal static class PrometheusOptions
{
    public static void Configure(PrometheusAspNetCoreOptions options)
    {
        options.ScrapeEndpointPath = MetricsEndpoints.Path;
        // Every scrape collects anew: a counter read right after N calls shows exactly N more.
        options.ScrapeResponseCacheDurationMilliseconds = 0;
        // Our instruments carry Prometheus names already; the meter a series came from
        // (otel_scope_name on every series) says nothing a query needs.
        options.ScopeInfoEnabled = false;
    }
}
