using Faas.Orchestrator.Namespaces;

namespace Faas.Orchestrator.Invocation;

/// <summary>Runs calls of deployed functions: the gateway's invoke routes and the async execution worker go through it.</summary>
public interface IFunctionInvoker
{
    /// <summary>Whether a function of that name is deployed (so a call can be accepted for later).</summary>
    bool Exists(FunctionKey function);

    /// <summary>
    /// Null when a call of <paramref name="target"/> can be accepted for later: its function is deployed and its qualifier,
    /// if any, names one of the function's versions or aliases. Otherwise why not (the <see cref="InvocationOutcome.NotFound"/>
    /// message a call would get).
    /// </summary>
    ValueTask<string?> ProblemAsync(FunctionTarget target, CancellationToken cancellationToken);

    /// <summary>
    /// Runs one call of <paramref name="function"/> with the function's deadline. Every expected failure (no such
    /// function, no capacity, timeout, instance died, caller gone) is an <see cref="InvocationOutcome"/>.
    /// </summary>
    Task<InvocationResult> InvokeAsync(FunctionKey function, FunctionRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Runs one call of a version of a function: <see cref="FunctionTarget.Qualifier"/> names it (a version number or an
    /// alias; none is the newest). An unknown qualifier is <see cref="InvocationOutcome.NotFound"/>; the version that ran
    /// (or was meant to) is <see cref="InvocationResult.Version"/>.
    /// </summary>
    Task<InvocationResult> InvokeAsync(FunctionTarget target, FunctionRequest request, CancellationToken cancellationToken);
}
