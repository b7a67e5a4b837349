namespace Faas.Orchestrator.Configuration;

/// <summary>
/// When a function gets more instances under load, as OpenFaaS's scaling labels describe it
/// (<c>com.openfaas.scale.type</c>, <c>.target</c>, <c>.target-proportion</c>): another instance is started, up to
/// <c>max_instances</c>, while the load per instance exceeds <see cref="Target"/> × <see cref="Proportion"/>.
/// </summary>
/// <param name="Metric">What load is: calls per second (over the last 10 s) or calls in flight.</param>
/// <param name="Target">Load one instance is meant to carry.</param>
/// <param name="Proportion">Share of the target at which to scale (0.9: at 90 % of it).</param>
public sealed record LoadTarget(LoadMetric Metric, double Target, double Proportion)
{
    /// <summary>
    /// The default for functions deployed through OpenFaaS: 5 calls per second per instance, scaling at 90 % — the rate
    /// at which OpenFaaS CE's gateway alert scales a function up (OpenFaaS Pro's autoscaler defaults to 50 per replica;
    /// <c>com.openfaas.scale.target</c> sets it).
    /// </summary>
    public static LoadTarget OpenFaasDefault { get; } = new(LoadMetric.RequestsPerSecond, 5, 0.9);

    /// <summary>The instances <paramref name="load"/> calls for (at least one).</summary>
    public int InstancesFor(double load) => Math.Max(1, (int)Math.Ceiling(load / (Target * Proportion)));
}
