namespace Faas.Orchestrator.Configuration;

/// <summary>
/// How every function's pool scales between its <c>min_instances</c> and <c>max_instances</c> (<c>system.autoscaling</c>):
/// Knative's autoscaler on the observed concurrency (calls in flight plus calls waiting). Instances wanted = mean
/// concurrency over <see cref="StableWindow"/> ÷ (<c>concurrency</c> × <see cref="TargetUtilization"/>); when the
/// <see cref="PanicWindow"/> asks for <see cref="PanicThreshold"/> times the ready instances, the panic window decides and
/// the count only rises for a stable window. Never above what the node's cores can run at each instance's <c>cpu_limit</c>,
/// nor past the count where one more instance stopped raising throughput; down one instance per <see cref="ScaleDownDelay"/>.
/// </summary>
public sealed record AutoscalingOptions
{
    public TimeSpan StableWindow { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan PanicWindow { get; init; } = TimeSpan.FromSeconds(6);

    public double PanicThreshold { get; init; } = 2.0;

    public double TargetUtilization { get; init; } = 0.7;

    public TimeSpan ScaleDownDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>CPUs the instances may use together; 0: <see cref="Environment.ProcessorCount"/>.</summary>
    public int Cores { get; init; }
}
