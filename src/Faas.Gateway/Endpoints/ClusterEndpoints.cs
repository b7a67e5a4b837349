using Faas.Gateway.Auth;
using Faas.Orchestrator.Cluster;

namespace Faas.Gateway.Endpoints;

/// <summary><c>GET /cluster/nodes</c>: every node with its state (<c>ready</c>, <c>draining</c>, <c>lost</c>), last heartbeat, instances and calls in flight.</summary>
internal static class ClusterEndpoints
{
    public static void MapClusterEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/cluster/nodes", async (IClusterView cluster, CancellationToken cancellationToken) =>
            Results.Json(new { nodes = await cluster.NodesAsync(cancellationToken) }, GatewayJson.Options)).RequireScope(Scope.Admin);
}
