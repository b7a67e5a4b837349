namespace Faas.Orchestrator.Runtime;

/// <summary>
/// Starts <c>Faas.Host</c> instances in one execution mode. A runtime only starts, supervises and
/// kills hosts; the orchestrator owns the socket and the protocol. The started host connects to
/// <c>{spec.SocketDirectory}/host.sock</c> (seen inside the sandbox at
/// <see cref="InstanceSpec.SandboxSocketPath"/>), where the orchestrator already listens.
/// </summary>
public interface IFunctionRuntime : IAsyncDisposable
{
    ExecutionMode Mode { get; }

    /// <summary>Whether started instances support <see cref="IRuntimeInstance.TryApplyLimitsAsync"/> (stem cells).</summary>
    bool SupportsStemCells => false;

    /// <summary>Whether this runtime can start instances here, and if not, why and how to fix it.</summary>
    RuntimeStatus Status { get; }

    /// <summary>
    /// Called once at platform start-up, before any <see cref="StartAsync"/>: probe the machine, connect
    /// to engines, prepare images. Must not throw for an unavailable feature: set <see cref="Status"/>.
    /// </summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Starts a host for <paramref name="spec"/>. Throws <see cref="InstanceStartException"/> with a
    /// message fit for the caller when the instance cannot be started (sandbox feature missing under
    /// a strict isolation level, engine error, ...). Never falls back to weaker isolation silently.
    /// </summary>
    Task<IRuntimeInstance> StartAsync(InstanceSpec spec, CancellationToken cancellationToken);

    /// <summary>Removes what a previous run of the platform left behind (processes, cgroups, containers).</summary>
    Task CleanupOrphansAsync(CancellationToken cancellationToken);

    /// <summary>Probes, feature by feature, what this runtime can use here (for <c>--check-system</c>).</summary>
    Task<IReadOnlyList<FeatureCheck>> CheckSystemAsync(CancellationToken cancellationToken);
}
