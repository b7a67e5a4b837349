namespace Faas.Storage.Postgres.Cluster;

/// <summary>A row of <c>cluster_nodes</c>: a node's last heartbeat and what it reported.</summary>
internal sealed record NodeRow(string Name, string Url, string State, string Incarnation, DateTimeOffset LastSeen, string Report);
