using Faas.Gateway.Auth;

namespace Faas.Gateway.Metrics;

/// <summary><c>GET /metrics</c>: the OpenTelemetry Prometheus scrape endpoint, public or admin-only by config.</summary>
internal static class MetricsEndpoints
{
    public const string Path = "/metrics";

    public static void MapMetricsEndpoint(this IEndpointRouteBuilder app, Scope scope) =>
        app.MapPrometheusScrapingEndpoint(Path, meterProvider: null, configureBranchedPipeline: NoStore, optionsName: null)
            .RequireScope(scope);

    /// <summary>A scrape is a snapshot: no cache in between may serve an older one.</summary>
    private static void NoStore(IApplicationBuilder pipeline) =>
        pipeline.Use((context, next) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return next(context);
        });
}
