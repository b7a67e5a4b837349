namespace Faas.Orchestrator.Pools;

/// <summary>
/// How a pool scales (the <c>system.autoscaling</c> keys): Knative's autoscaler, on the pool's observed concurrency
/// (calls in flight plus calls waiting).
/// </summary>
/// <param name="StableWindow">Concurrency is averaged over this window for ordinary decisions (<c>stable_window</c>).</param>
/// <param name="PanicWindow">The short window that decides while in panic (<c>panic_window</c>).</param>
/// <param name="PanicThreshold">Panic starts when the panic window asks for this many times the current instances (<c>panic_threshold</c>).</param>
/// <param name="TargetUtilization">Share of an instance's <c>concurrency</c> the scaler aims to fill (<c>target_utilization</c>).</param>
/// <param name="ScaleDownDelay">Demand must stay below the current instances this long before one is stopped, and as long again before the next (<c>scale_down_delay</c>).</param>
/// <param name="Cores">CPUs of the node (<see cref="Environment.ProcessorCount"/>): instances × each one's CPU never exceed them.</param>
/// <param name="MinThroughputGain">A step up that raised throughput by less than this share (while calls were queueing) is undone and not tried again for <see cref="PlateauHold"/>.</param>
/// <param name="PlateauHold">How long a found throughput plateau caps the pool.</param>
/// <param name="NodeCpu">
/// The node's CPU load; with it, a pool saturated at two or more instances while every core is busy tries one instance
/// fewer for a panic window and stays there when throughput holds (a step up is judged too, but its baseline may
/// mix in a lighter load from before the burst). Null: no such trial.
/// </param>
internal sealed record AutoscalerSettings(
    TimeSpan StableWindow,
    TimeSpan PanicWindow,
    double PanicThreshold,
    double TargetUtilization,
    TimeSpan ScaleDownDelay,
    int Cores,
    double MinThroughputGain,
    TimeSpan PlateauHold,
    INodeCpu? NodeCpu = null)
{
    /// <summary>The node counts as fully busy from this share of its CPU time on (a trial of one instance fewer).</summary>
    public const double BusyCpu = 0.9;

    public static AutoscalerSettings Default { get; } = new(
        TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(6), 2.0, 0.7, TimeSpan.FromSeconds(30), Environment.ProcessorCount, 0.05,
        TimeSpan.FromMinutes(10));

    /// <summary>The most instances the node's CPUs can run when each may use <paramref name="cpuMillicores"/> (its cgroup quota).</summary>
    public int CpuCapacity(int cpuMillicores) =>
        cpuMillicores <= 0 ? int.MaxValue : Math.Max(1, (int)Math.Floor(Cores * 1000.0 / cpuMillicores));
}
