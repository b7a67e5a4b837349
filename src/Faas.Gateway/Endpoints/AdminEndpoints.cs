using Faas.Gateway.Auth;
using Faas.Gateway.Errors;
using Faas.Gateway.Namespaces;
using Faas.Orchestrator.Cluster;
using Faas.Orchestrator.Inspection;

namespace Faas.Gateway.Endpoints;

/// <summary><c>/health</c>, <c>/stats</c> and <c>/instances</c>.</summary>
internal static class AdminEndpoints
{
    public static void MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        // A draining cluster node answers 503 so the load balancer stops sending to it before it stops.
        app.MapGet("/health", (IClusterView cluster) => cluster.IsDraining
                ? Results.Json(new { status = "draining", version = PlatformInfo.Version }, GatewayJson.Options, statusCode: 503)
                : Results.Json(new { status = "ok", version = PlatformInfo.Version }, GatewayJson.Options))
            .RequireScope(Scope.None);

        app.MapGet("/stats", (HttpContext context, IFunctionCatalog catalog) =>
            Results.Json(Dtos.Stats(catalog.GetPlatformStats(CallerNamespace.Of(context))), GatewayJson.Options)).RequireScope(Scope.Manage);
        app.MapGet("/stats/functions/{name}", (HttpContext context, string name, IFunctionCatalog catalog) =>
            catalog.GetStats(CallerNamespace.Function(context, name)) is { } stats
                ? Results.Json(Dtos.Stats(stats), GatewayJson.Options).ExecuteAsync(context)
                : ApiErrors.WriteAsync(context, 404, "not_found", $"function '{name}' does not exist")).RequireScope(Scope.Manage);

        app.MapGet("/instances", (HttpContext context, IFunctionCatalog catalog) =>
            Results.Json(new { instances = catalog.ListInstances(CallerNamespace.Of(context)) }, GatewayJson.Options)).RequireScope(Scope.Admin);
        app.MapDelete("/instances/{runtime_id}", (HttpContext context, string runtime_id, IFunctionCatalog catalog) =>
            catalog.StopInstance(CallerNamespace.Of(context), runtime_id)
                ? Results.NoContent().ExecuteAsync(context)
                : ApiErrors.WriteAsync(context, 404, "not_found", $"no instance '{runtime_id}'")).RequireScope(Scope.Admin);
    }
}
