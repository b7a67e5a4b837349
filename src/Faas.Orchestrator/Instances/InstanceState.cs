namespace Faas.Orchestrator.Instances;

public enum InstanceState
{
    Starting,
    Ready,
    /// <summary>Replaced by a newer version or scaled down: finishes its calls, takes no new ones.</summary>
    Draining,
    Stopped,
}
