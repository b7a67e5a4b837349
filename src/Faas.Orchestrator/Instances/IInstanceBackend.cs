using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Runtime;
using Faas.Sdk.Protocol;

namespace Faas.Orchestrator.Instances;

/// <summary>What a pool needs of a running instance beyond bookkeeping: calls, death, stop. Faked in pool tests.</summary>
internal interface IInstanceBackend : IAsyncDisposable
{
    string RuntimeId { get; }

    int? Pid { get; }

    /// <summary>Completes when the instance can serve no more (process exited or connection lost).</summary>
    Task<InstanceExit> Ended { get; }

    Task<InvocationResult> InvokeAsync(InvokeRequest request, TimeSpan timeout, CancellationToken callerAborted);
}
