using System.Collections.Concurrent;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Storage;
using Microsoft.Extensions.Logging;

namespace Faas.Orchestrator.Executions;

/// <summary>
/// Runs queued executions in the background: <c>workers</c> loops, each claims the oldest due
/// execution, runs it through the orchestrator and records the outcome, retrying retryable failures
/// with exponential backoff. Loops sleep until woken by a submission or until the next retry is due.
/// </summary>
internal sealed partial class ExecutionWorker : IAsyncDisposable
{
    /// <summary>The schedule that fired an execution, for its handler (a platform header, like the execution id).</summary>
    public const string ScheduleHeader = "X-Faas-Schedule";

    private readonly IExecutionStore _store;
    private readonly IFunctionInvoker _invoker;
    private readonly ExecutionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CallbackSender _callbacks;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly ConcurrentDictionary<Task, bool> _deliveries = new();
    private readonly List<Task> _loops = [];
    private TaskCompletionSource _wake = NewSignal();
    private ITimer? _cleanup;
    private int _state;

    public ExecutionWorker(IExecutionStore store, IFunctionInvoker invoker, ExecutionOptions options, TimeProvider time, CallbackSender callbacks, ILogger logger)
    {
        _store = store;
        _invoker = invoker;
        _options = options;
        _time = time;
        _logger = logger;
        _callbacks = callbacks;
    }

    /// <summary>Requeues what a previous run left running, resumes pending callbacks and starts the loops.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            return;
        }

        var (requeued, failed) = await _store.RecoverInterruptedAsync(_options.MaxAttempts, cancellationToken).ConfigureAwait(false);
        if (requeued + failed > 0)
        {
            Log.Recovered(_logger, requeued, failed);
        }

        foreach (var id in await _store.PendingCallbacksAsync(cancellationToken).ConfigureAwait(false))
        {
            Deliver(id);
        }

        for (var i = 0; i < _options.Workers; i++)
        {
            _loops.Add(Task.Run(LoopAsync));
        }

        var period = TimeSpan.FromTicks(Math.Clamp(_options.Retention.Ticks / 10, TimeSpan.TicksPerSecond, TimeSpan.TicksPerHour));
        _cleanup = _time.CreateTimer(_ => _ = CleanupAsync(), null, TimeSpan.Zero, period);
    }

    /// <summary>Delivers the callbacks the store holds pending (each is claimed before it is sent); nothing before start or after stop.</summary>
    public async Task ResumeCallbacksAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _state) != 1)
        {
            return;
        }

        foreach (var id in await _store.PendingCallbacksAsync(cancellationToken).ConfigureAwait(false))
        {
            Deliver(id);
        }
    }

    /// <summary>Tells sleeping loops to look for work again.</summary>
    public void Wake() => Interlocked.Exchange(ref _wake, NewSignal()).TrySetResult();

    /// <summary>
    /// Claims nothing more, lets running executions finish for up to <paramref name="drain"/>, then
    /// cancels the rest: those stay <c>running</c> in the store and are recovered at the next start.
    /// </summary>
    public async Task StopAsync(TimeSpan drain)
    {
        if (Interlocked.Exchange(ref _state, 2) != 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        Wake();
        var loops = Task.WhenAll(_loops);
        try
        {
            await loops.WaitAsync(drain, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        await _abort.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_deliveries.Keys.Append(loops)).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        if (_cleanup is not null)
        {
            await _cleanup.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.Zero).ConfigureAwait(false);
        _stopping.Dispose();
        _abort.Dispose();
        _callbacks.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                var wake = Volatile.Read(ref _wake).Task;
                if (await _store.TryClaimAsync(CancellationToken.None).ConfigureAwait(false) is { } claimed)
                {
                    await RunAsync(claimed).ConfigureAwait(false);
                    continue;
                }

                var due = await _store.NextDueAtAsync(CancellationToken.None).ConfigureAwait(false);
                using var sleep = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                var delay = due is { } at ? Max(at - _time.GetUtcNow(), TimeSpan.Zero) : Timeout.InfiniteTimeSpan;
                await Task.WhenAny(wake, Task.Delay(delay, _time, sleep.Token)).ConfigureAwait(false);
                await sleep.CancelAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                Log.LoopFailed(_logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), _time, _stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task RunAsync(ExecutionRecord execution)
    {
        Log.Running(_logger, execution.Id, execution.Function, execution.Attempts);
        // X-Faas-* come from the platform only: drop any the caller slipped in (the gateway already does; executions
        // stored by an older gateway may hold some), then add the execution id handlers may trust.
        var headers = execution.Headers.Where(h => !PlatformHeaders.IsReserved(h.Key))
            .Append(new(CallbackSender.ExecutionIdHeader, execution.Id)).ToList();
        if (execution.Schedule is { } schedule)
        {
            headers.Add(new(ScheduleHeader, schedule));
        }

        var request = new FunctionRequest(execution.Method, execution.Path, execution.Query, headers, execution.Body, execution.Id);
        InvocationResult result;
        try
        {
            result = await _invoker.InvokeAsync(new FunctionTarget(execution.Key, execution.Qualifier), request, _abort.Token).ConfigureAwait(false);
        }
        catch (Exception) when (_abort.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            await RetryAsync(execution, $"the invocation failed: {ex.Message}").ConfigureAwait(false);
            return;
        }

        using (result)
        {
            if (_abort.IsCancellationRequested && result.Outcome == InvocationOutcome.ClientClosed)
            {
                return;
            }

            var (final, error) = Classify(result);
            if (final is { } status)
            {
                var (stored, kept) = await ResultOfAsync(status, result, error).ConfigureAwait(false);
                await CompleteAsync(execution, stored, kept).ConfigureAwait(false);
            }
            else
            {
                await RetryAsync(execution, error!).ConfigureAwait(false);
            }
        }
    }

    private async Task RetryAsync(ExecutionRecord execution, string error)
    {
        if (execution.Attempts < _options.MaxAttempts)
        {
            var wait = _options.BackoffAfter(execution.Attempts);
            await _store.RequeueAsync(execution.Id, _time.GetUtcNow() + wait, error, CancellationToken.None).ConfigureAwait(false);
            Log.Retrying(_logger, execution.Id, execution.Attempts, wait.TotalMilliseconds, error);
            Wake();
            return;
        }

        await CompleteAsync(execution, ExecutionStatus.Failed,
            new ExecutionResult(null, [], null, $"{error} (gave up after {execution.Attempts} attempt(s))")).ConfigureAwait(false);
    }

    private async Task CompleteAsync(ExecutionRecord execution, ExecutionStatus status, ExecutionResult result)
    {
        await _store.CompleteAsync(execution.Id, status, result, CancellationToken.None).ConfigureAwait(false);
        Log.Finished(_logger, execution.Id, status.Name(), execution.Attempts);
        if (execution.CallbackUrl is not null)
        {
            Deliver(execution.Id);
        }
    }

    private void Deliver(string id)
    {
        var task = Task.Run(() => _callbacks.DeliverAsync(id, _abort.Token));
        _deliveries[task] = true;
        task.ContinueWith(t => _deliveries.TryRemove(t, out _), TaskScheduler.Default);
    }

    private async Task CleanupAsync()
    {
        try
        {
            var removed = await _store.DeleteFinishedAsync(_options.Retention, CancellationToken.None).ConfigureAwait(false);
            if (removed > 0)
            {
                Log.Cleaned(_logger, removed);
            }
        }
        catch (Exception ex)
        {
            Log.LoopFailed(_logger, ex);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Found executions left running by the previous gateway: {Requeued} requeued, {Failed} failed (no attempts left)")]
        public static partial void Recovered(ILogger logger, int requeued, int failed);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "Execution {Id} of {Function}: attempt {Attempt}")]
        public static partial void Running(ILogger logger, string id, string function, int attempt);

        [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Execution {Id} attempt {Attempt} failed, retry in {Milliseconds} ms: {Error}")]
        public static partial void Retrying(ILogger logger, string id, int attempt, double milliseconds, string error);

        [LoggerMessage(EventId = 4004, Level = LogLevel.Debug, Message = "Execution {Id} {Status} after {Attempts} attempt(s)")]
        public static partial void Finished(ILogger logger, string id, string status, int attempts);

        [LoggerMessage(EventId = 4005, Level = LogLevel.Error, Message = "The execution worker hit an error; it carries on")]
        public static partial void LoopFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 4006, Level = LogLevel.Debug, Message = "Removed {Count} finished executions past their retention")]
        public static partial void Cleaned(ILogger logger, int count);
    }
}
