using Faas.Gateway.Auth;
using Faas.Orchestrator.Cluster;

namespace Faas.Gateway.Endpoints;

/// <summary>
/// <c>GET /cluster/nodes</c>: every node with its state (<c>ready</c>, <c>draining</c>, <c>lost</c>), last heartbeat, instances
/// and calls in flight; also which node answered and how many ready nodes it counts (its rate-limit share is 1/that).
/// </summary>
internal static class ClusterEndpoints
{
    public static void MapClusterEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/cluster/nodes", async (IClusterView cluster, CancellationToken cancellationToken) =>
            Results.Json(new { nodes = await cluster.NodesAsync(cancellationToken), answered_by = cluster.NodeName, ready_nodes = cluster.ReadyNodes },
                GatewayJson.Options)).RequireScope(Scope.Admin);
}
