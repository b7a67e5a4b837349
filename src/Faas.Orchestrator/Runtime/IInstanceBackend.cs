using Faas.Orchestrator.Invocation;

namespace Faas.Orchestrator.Runtime;

/// <summary>
/// A running instance as the pool uses it: calls, death, stop. The orchestrator's host backend (a
/// <c>Faas.Host</c> over its socket) serves both modes; a runtime may provide others (the container runtime's
/// OpenFaaS watchdog backend, <see cref="IImageFunctionRuntime"/>).
/// </summary>
public interface IInstanceBackend : IAsyncDisposable
{
    string RuntimeId { get; }

    int? Pid { get; }

    /// <summary>Completes when the instance can serve no more (process exited or connection lost).</summary>
    Task<InstanceExit> Ended { get; }

    /// <summary>
    /// Runs one call within <paramref name="timeout"/> (the function's deadline, decided by the invoker). Expected
    /// failures are outcomes of the result (timeout, instance died, caller gone), not exceptions.
    /// </summary>
    Task<InvocationResult> InvokeAsync(FunctionRequest request, TimeSpan timeout, CancellationToken callerAborted);
}
