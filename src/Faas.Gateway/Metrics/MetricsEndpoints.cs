using Faas.Gateway.Auth;

namespace Faas.Gateway.Metrics;

/// <summary><c>GET /metrics</c> in the Prometheus text format, public or admin-only by config.</summary>
internal static class MetricsEndpoints
{
    public static void MapMetricsEndpoint(this IEndpointRouteBuilder app, Scope scope)
    {
        app.MapGet("/metrics", (HttpContext context, PrometheusExporter exporter) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return Results.Text(exporter.Collect(), PrometheusText.ContentType);
        }).RequireScope(scope);
    }
}
