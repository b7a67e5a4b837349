namespace Faas.Orchestrator.Cluster;

/// <summary>
/// The <c>cluster:</c> section of faas_config.yaml: who this node is to the others. Only a clustered registry
/// (PostgreSQL) reads more than <see cref="NodeName"/>; a single node never waits, drains or leases.
/// </summary>
public sealed record ClusterOptions
{
    /// <summary>This node's name, unique in the cluster (default <c>&lt;hostname&gt;-&lt;port&gt;</c>).</summary>
    public string NodeName { get; set; } = "local";

    /// <summary>How the other nodes and operators reach this node (shown by <c>GET /cluster/nodes</c>).</summary>
    public string AdvertiseUrl { get; set; } = "";

    /// <summary>How long a node may stay silent before it is lost and its claimed work is taken over.</summary>
    public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a stopping node answers <c>/health</c> with 503 (and keeps serving) before it stops taking requests.</summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a node rereads every function from the registry, in case a change notification was lost.</summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often a node records that it is alive, renews its leases and reads the other nodes' reports (which
    /// <c>/instances</c> and <c>/stats</c> show): a third of the lease, at most 2 s.
    /// </summary>
    public TimeSpan HeartbeatInterval => TimeSpan.FromTicks(Math.Clamp(LeaseTimeout.Ticks / 3, TimeSpan.FromMilliseconds(250).Ticks, TimeSpan.FromSeconds(2).Ticks));

    public void CopyFrom(ClusterOptions source)
    {
        NodeName = source.NodeName;
        AdvertiseUrl = source.AdvertiseUrl;
        LeaseTimeout = source.LeaseTimeout;
        DrainDelay = source.DrainDelay;
        ResyncInterval = source.ResyncInterval;
    }
}
