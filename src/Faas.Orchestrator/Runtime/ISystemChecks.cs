namespace Faas.Orchestrator.Runtime;

/// <summary>What each execution mode can do on this machine: its status now, and a feature-by-feature probe.</summary>
public interface ISystemChecks
{
    /// <summary>Whether <paramref name="mode"/> can start instances, and if not why and how to fix it.</summary>
    RuntimeStatus ModeStatus(ExecutionMode mode);

    /// <summary>Probes every mode's features (<c>--check-system</c>); a mode without a runtime is one failed line.</summary>
    Task<IReadOnlyList<FeatureCheck>> CheckSystemAsync(CancellationToken cancellationToken);
}
