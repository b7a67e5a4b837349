using Faas.Gateway.Auth;
using Microsoft.AspNetCore.Routing;

namespace Faas.Gateway.Metrics;

/// <summary><c>GET /metrics</c>: the OpenTelemetry Prometheus scrape endpoint, public or admin-only by config.</summary>
internal static class MetricsEndpoints
{
    public const string Path = "/metrics";

    /// <summary>The exporter maps its endpoint for every method; like every read here, it answers GET only.</summary>
    public static void MapMetricsEndpoint(this IEndpointRouteBuilder app, Scope scope) =>
        app.MapPrometheusScrapingEndpoint(Path, meterProvider: null, configureBranchedPipeline: NoStore, optionsName: null)
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get]))
            .RequireScope(scope);

    /// <summary>A scrape is a snapshot: no cache in between may serve an older one.</summary>
    private static void NoStore(IApplicationBuilder pipeline) =>
        pipeline.Use((context, next) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return next(context);
        });
}
