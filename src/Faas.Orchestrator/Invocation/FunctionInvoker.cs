using System.Threading.RateLimiting;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Telemetry;
using Microsoft.Extensions.Options;

namespace Faas.Orchestrator.Invocation;

/// <summary>
/// The invocation path: the platform-wide concurrency limit, a lease from the function's pool, the call with the
/// function's deadline (decided here and nowhere else: <see cref="FunctionSettings.Timeout"/>), then stats and metrics.
/// </summary>
internal sealed class FunctionInvoker : IFunctionInvoker, IDisposable
{
    private readonly FunctionTable _functions;
    private readonly RuntimeSet _runtimes;
    private readonly FaasMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly PlatformOptions _options;
    private readonly ConcurrencyLimiter _global;

    public FunctionInvoker(FunctionTable functions, RuntimeSet runtimes, FaasMetrics metrics, IOptions<PlatformOptions> options, TimeProvider time)
    {
        _functions = functions;
        _runtimes = runtimes;
        _metrics = metrics;
        _time = time;
        _options = options.Value;
        _global = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = _options.MaxConcurrentFunctions,
            QueueLimit = _options.MaxQueuePerFunction,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    public bool Exists(string function) => _functions.Contains(function);

    public async Task<InvocationResult> InvokeAsync(string function, FunctionRequest request, CancellationToken cancellationToken)
    {
        if (!_functions.TryGet(function, out var entry))
        {
            return InvocationResult.Failed(InvocationOutcome.NotFound, $"function '{function}' does not exist");
        }

        var settings = entry.Record.Settings;
        var started = _time.GetTimestamp();
        var runtime = _runtimes.For(settings.ExecutionMode);
        if (!runtime.Status.Available)
        {
            return Recorded(entry, started, InvocationResult.Failed(InvocationOutcome.Unavailable, runtime.Status.Message), false);
        }

        // The slot and the lease are held until the result is disposed: a streamed body still runs on the instance.
        var held = new List<IDisposable>(3);
        try
        {
            var global = _global.AttemptAcquire();
            held.Add(global);
            if (!global.IsAcquired && await AcquireGlobalAsync(cancellationToken).ConfigureAwait(false) is { } waited)
            {
                held.Add(waited);
                global = waited;
            }

            if (!global.IsAcquired)
            {
                return Recorded(entry, started, InvocationResult.Failed(InvocationOutcome.NoCapacity,
                    $"the platform is running its maximum of {_options.MaxConcurrentFunctions} concurrent invocations"), false);
            }

            var lease = await entry.Pool.AcquireAsync(cancellationToken).ConfigureAwait(false);
            held.Add(lease);
            if (lease.Instance is null)
            {
                return Recorded(entry, started, InvocationResult.Failed(lease.Outcome, lease.Message), false);
            }

            lease.Instance.CountInvocation();
            var result = await lease.Instance.Backend.InvokeAsync(request, settings.Timeout, cancellationToken).ConfigureAwait(false);
            if (result.Outcome == InvocationOutcome.Success && result.BodyLength > _options.MaxResponseBodyBytes)
            {
                // Announced too large: refused before anything is sent; disposing cancels the call and keeps the instance.
                var length = result.BodyLength;
                result.Dispose();
                result = InvocationResult.Failed(InvocationOutcome.ResponseTooLarge,
                    $"the function's response of {length} bytes is larger than the limit of {_options.MaxResponseBodyBytes} bytes (system.max_response_body_size)");
            }

            result.MaxBodyBytes = _options.MaxResponseBodyBytes;
            result.ColdStart = lease.ColdStart;
            result.InstanceId = lease.Instance.Id;
            result.Version = lease.Instance.Version;
            foreach (var each in held)
            {
                result.Hold(each);
            }

            held.Clear();
            return Recorded(entry, started, result, lease.ColdStart);
        }
        finally
        {
            for (var i = held.Count - 1; i >= 0; i--)
            {
                held[i].Dispose();
            }
        }
    }

    public void Dispose() => _global.Dispose();

    private async Task<RateLimitLease?> AcquireGlobalAsync(CancellationToken cancellationToken)
    {
        using var wait = new CancellationTokenSource(_options.ColdStartTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(wait.Token, cancellationToken);
        try
        {
            return await _global.AcquireAsync(1, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private InvocationResult Recorded(FunctionEntry entry, long started, InvocationResult result, bool coldStart)
    {
        var elapsed = _time.GetElapsedTime(started).TotalMilliseconds;
        entry.Stats.Record(result.Outcome, elapsed, coldStart, result.Outcome == InvocationOutcome.Success && result.StatusCode >= 500);
        _metrics.Record(entry.Record.Name, entry.Record.Settings.ExecutionMode, result, TimeSpan.FromMilliseconds(elapsed), coldStart);
        return result;
    }
}
