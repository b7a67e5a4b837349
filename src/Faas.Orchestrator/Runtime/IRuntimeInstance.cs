namespace Faas.Orchestrator.Runtime;

/// <summary>A started host: a sandboxed process or a container.</summary>
public interface IRuntimeInstance : IAsyncDisposable
{
    /// <summary>The process id (process mode) or the container id (container mode).</summary>
    string RuntimeId { get; }

    /// <summary>The host's process id as the platform sees it, when known.</summary>
    int? Pid { get; }

    /// <summary>Completes once the host has exited, with why.</summary>
    Task<InstanceExit> Exited { get; }

    /// <summary>Kills the host at once (SIGKILL or container kill). Idempotent.</summary>
    ValueTask KillAsync();

    /// <summary>
    /// Applies a function's limits to a host started with generic ones (a stem cell being specialized).
    /// Returns false when this runtime cannot; the orchestrator then boots a fresh instance instead.
    /// </summary>
    ValueTask<bool> TryApplyLimitsAsync(ResourceLimits limits, CancellationToken cancellationToken) => ValueTask.FromResult(false);
}

/// <summary>How a host ended. <see cref="OutOfMemory"/> is true when it was killed for exceeding its memory limit.</summary>
public sealed record InstanceExit(int? ExitCode, bool OutOfMemory, string Reason);
