using Faas.Orchestrator.Invocation;
using Faas.Sdk.Protocol;

namespace Faas.Orchestrator.Executions;

/// <summary>What the execution worker needs of the orchestrator; a fake in tests.</summary>
internal interface IFunctionInvoker
{
    bool Exists(string function);

    /// <summary>Runs one invocation; the deadline of <paramref name="request"/> is filled in from the function's settings.</summary>
    Task<InvocationResult> InvokeAsync(string function, InvokeRequest request, CancellationToken cancellationToken);
}

internal sealed class OrchestratorInvoker(IFaasOrchestrator orchestrator) : IFunctionInvoker
{
    public bool Exists(string function) => orchestrator.Get(function) is not null;

    public Task<InvocationResult> InvokeAsync(string function, InvokeRequest request, CancellationToken cancellationToken)
    {
        var deadline = orchestrator.Get(function) is { } view ? (int)Math.Min(int.MaxValue, view.Settings.Timeout.TotalMilliseconds) : 0;
        return orchestrator.InvokeAsync(function, request with { DeadlineMilliseconds = deadline }, cancellationToken);
    }
}
