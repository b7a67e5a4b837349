using Microsoft.Extensions.Logging;

namespace Faas.Orchestrator.Executions;

/// <summary>Durable async invocations: accepts executions, answers for them, and runs the worker.</summary>
internal sealed class ExecutionService : IAsyncDisposable
{
    private readonly ExecutionOptions _options;
    private readonly ExecutionStore _store;
    private readonly IFunctionInvoker _invoker;
    private readonly ExecutionWorker _worker;
    private readonly HttpClient _http;
    private int _disposed;

    public ExecutionService(ExecutionOptions options, ExecutionStore store, IFunctionInvoker invoker, TimeProvider time, HttpClient http, ILogger logger)
    {
        _options = options;
        _store = store;
        _invoker = invoker;
        _http = http;
        _worker = new ExecutionWorker(store, invoker, options, time, http, logger);
    }

    /// <summary>Stores the execution (committed before this returns) and wakes the worker.</summary>
    public SubmitResult Submit(ExecutionRequest request)
    {
        if (!_invoker.Exists(request.Function))
        {
            return new SubmitResult(SubmitOutcome.NotFound, null, $"function '{request.Function}' does not exist");
        }

        if (request.CallbackUrl is { } url && CallbackPolicy.Problem(url, _options.CallbackAllowHosts) is { } problem)
        {
            return new SubmitResult(SubmitOutcome.InvalidCallback, null, problem);
        }

        var record = _store.Add(request, _options.MaxQueued);
        if (record is null)
        {
            return new SubmitResult(SubmitOutcome.QueueFull, null,
                $"{_options.MaxQueued} async executions are already queued or running (async.max_queued); try again later");
        }

        _worker.Wake();
        return new SubmitResult(SubmitOutcome.Accepted, record.Id, "accepted");
    }

    /// <summary>
    /// The JSON of <c>GET /executions/{id}</c>; null for an unknown id and for an execution of a function
    /// <paramref name="mayRead"/> refuses, so a caller cannot tell the two apart.
    /// </summary>
    public byte[]? Describe(string id, Func<string, bool> mayRead, bool withCallbackState) =>
        _store.Find(id) is { } record && mayRead(record.Function) ? ExecutionJson.Serialize(record, withCallbackState) : null;

    internal ExecutionRecord? Find(string id) => _store.Find(id);

    public void Start() => _worker.Start();

    public Task StopAsync(TimeSpan drain) => _worker.StopAsync(drain);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _worker.DisposeAsync().ConfigureAwait(false);
        _store.Dispose();
        _http.Dispose();
    }
}
