namespace Faas.Orchestrator.Cluster;

/// <summary>One node as <c>GET /cluster/nodes</c> shows it. <see cref="State"/> is <c>ready</c>, <c>draining</c> or <c>lost</c>.</summary>
public sealed record ClusterNode(string Name, string Url, string State, DateTimeOffset LastSeen, int Instances, int InFlight);
