namespace Faas.Orchestrator.Pools;

/// <summary>How busy the node's CPUs are: the autoscaler only tries fewer instances when every core is busy.</summary>
internal interface INodeCpu
{
    /// <summary>The share (0 to 1) of the node's CPU time that was busy over the last sampling interval.</summary>
    double Busy();
}
