using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Storage;

namespace Faas.Orchestrator.Executions;

/// <summary>Durable async invocations: accepts executions, answers for them, and runs the worker.</summary>
internal sealed class ExecutionService(ExecutionOptions options, IExecutionStore store, IFunctionInvoker invoker, ExecutionWorker worker)
{
    /// <summary>Stores the execution (committed before this returns) and wakes the worker.</summary>
    public async Task<SubmitResult> SubmitAsync(ExecutionRequest request, CancellationToken cancellationToken = default)
    {
        if (!invoker.Exists(request.Key))
        {
            return new SubmitResult(SubmitOutcome.NotFound, null, $"function '{request.Function}' does not exist");
        }

        // An unknown version or alias is refused now, not accepted and failed later.
        if (request.Qualifier is not null
            && await invoker.ProblemAsync(new FunctionTarget(request.Key, request.Qualifier), cancellationToken).ConfigureAwait(false) is { } unknown)
        {
            return new SubmitResult(SubmitOutcome.NotFound, null, unknown);
        }

        if (request.CallbackUrl is { } url && CallbackPolicy.Problem(url, options.CallbackAllowHosts) is { } problem)
        {
            return new SubmitResult(SubmitOutcome.InvalidCallback, null, problem);
        }

        var record = await store.AddAsync(request, options.MaxQueued, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return new SubmitResult(SubmitOutcome.QueueFull, null,
                $"{options.MaxQueued} async executions are already queued or running (async.max_queued); try again later");
        }

        worker.Wake();
        return new SubmitResult(SubmitOutcome.Accepted, record.Id, "accepted");
    }

    /// <summary>
    /// The JSON of <c>GET /executions/{id}</c>; null for an unknown id, for an execution of another namespace and for
    /// one of a function <paramref name="mayRead"/> refuses, so a caller cannot tell them apart.
    /// </summary>
    public async Task<byte[]?> DescribeAsync(
        string @namespace, string id, Func<string, bool> mayRead, bool withCallbackState, CancellationToken cancellationToken = default) =>
        await store.FindAsync(id, cancellationToken).ConfigureAwait(false) is { } record && record.Namespace == @namespace && mayRead(record.Function)
            ? ExecutionJson.Serialize(record, withCallbackState)
            : null;

    /// <summary>The JSON of <c>GET /functions/{name}/executions</c>: the newest <paramref name="limit"/>, newest first.</summary>
    public async Task<byte[]> ListAsync(FunctionKey function, int limit, CancellationToken cancellationToken = default) =>
        ExecutionJson.SerializeList(await store.ListAsync(function, limit, cancellationToken).ConfigureAwait(false));

    public Task StartAsync(CancellationToken cancellationToken) => worker.StartAsync(cancellationToken);

    public Task StopAsync(TimeSpan drain) => worker.StopAsync(drain);
}
