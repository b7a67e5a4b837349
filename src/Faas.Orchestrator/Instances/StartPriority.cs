namespace Faas.Orchestrator.Instances;

/// <summary>Which starts go first when the machine is busy starting hosts.</summary>
internal enum StartPriority
{
    /// <summary>A call is waiting for this instance.</summary>
    Demand,

    /// <summary>Minimum instances, scale-up ahead of need, stem cells.</summary>
    Background,
}
