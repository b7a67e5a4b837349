using System.Threading.RateLimiting;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Pools;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Telemetry;
using Microsoft.Extensions.Options;

namespace Faas.Orchestrator.Invocation;

/// <summary>
/// The invocation path: the version the call is for (<see cref="VersionRouter"/>), the platform-wide concurrency limit,
/// a lease from that version's pool, the call with the version's deadline (decided here and nowhere else:
/// <see cref="FunctionSettings.Timeout"/>), then stats (the function's and the version's) and metrics.
/// </summary>
internal sealed class FunctionInvoker : IFunctionInvoker, IDisposable
{
    private readonly FunctionTable _functions;
    private readonly RuntimeSet _runtimes;
    private readonly FaasMetrics _metrics;
    private readonly VersionRouter _router;
    private readonly TimeProvider _time;
    private readonly PlatformOptions _options;
    private readonly ConcurrencyLimiter _global;

    public FunctionInvoker(
        FunctionTable functions, RuntimeSet runtimes, FaasMetrics metrics, VersionRouter router, IOptions<PlatformOptions> options, TimeProvider time)
    {
        _functions = functions;
        _runtimes = runtimes;
        _metrics = metrics;
        _router = router;
        _time = time;
        _options = options.Value;
        _global = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = _options.MaxConcurrentFunctions,
            QueueLimit = _options.MaxQueuePerFunction,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    public bool Exists(FunctionKey function) => _functions.Contains(function);

    public ValueTask<string?> ProblemAsync(FunctionTarget target, CancellationToken cancellationToken) =>
        _functions.TryGet(target.Function, out var entry)
            ? _router.ProblemAsync(entry, target, cancellationToken)
            : ValueTask.FromResult<string?>(NoFunction(target.Function));

    private static string NoFunction(FunctionKey function) => $"function '{function}' does not exist";

    public Task<InvocationResult> InvokeAsync(FunctionKey function, FunctionRequest request, CancellationToken cancellationToken) =>
        InvokeAsync(new FunctionTarget(function), request, cancellationToken);

    public async Task<InvocationResult> InvokeAsync(FunctionTarget target, FunctionRequest request, CancellationToken cancellationToken)
    {
        if (!_functions.TryGet(target.Function, out var entry))
        {
            return InvocationResult.Failed(InvocationOutcome.NotFound, NoFunction(target.Function));
        }

        var started = _time.GetTimestamp();
        var route = await _router.RouteAsync(entry, target, cancellationToken).ConfigureAwait(false);
        if (route is not { Pool: { } pool, Settings: { } settings, Version: { } version })
        {
            return Recorded(entry, null, started, InvocationResult.Failed(InvocationOutcome.NotFound, route.Problem), false);
        }

        var runtime = _runtimes.For(settings.ExecutionMode);
        if (!runtime.Status.Available)
        {
            return Recorded(entry, version, started, InvocationResult.Failed(InvocationOutcome.Unavailable, runtime.Status.Message), false);
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
                return Recorded(entry, version, started, InvocationResult.Failed(InvocationOutcome.NoCapacity,
                    $"the platform is running its maximum of {_options.MaxConcurrentFunctions} concurrent invocations"), false);
            }

            var lease = await AcquireAsync(entry, target, route with { Pool = pool }, cancellationToken).ConfigureAwait(false);
            held.Add(lease);
            if (lease.Instance is null)
            {
                var refused = InvocationResult.Failed(lease.Outcome, lease.Message);
                refused.Quota = lease.Quota;
                return Recorded(entry, version, started, refused, false);
            }

            lease.Instance.CountInvocation();
            var result = await lease.Instance.Backend.InvokeAsync(request, settings.Timeout, cancellationToken).ConfigureAwait(false);
            if (lease.ColdStart)
            {
                lease.Instance.FirstAnswered();
            }

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
            foreach (var each in held)
            {
                result.Hold(each);
            }

            held.Clear();
            return Recorded(entry, lease.Instance.Version, started, result, lease.ColdStart);
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

    /// <summary>
    /// A lease from the route's pool. A call for a given version that the main pool served at another one (a deploy
    /// made a new version current in between) goes once more to the pool of the version it asked for.
    /// </summary>
    private async ValueTask<PoolLease> AcquireAsync(FunctionEntry entry, FunctionTarget target, VersionRoute route, CancellationToken cancellationToken)
    {
        var lease = await route.Pool!.AcquireAsync(cancellationToken).ConfigureAwait(false);
        if (target.Qualifier is null || lease.Instance is null || lease.Instance.Version == route.Version)
        {
            return lease;
        }

        lease.Dispose();
        var again = await _router.PoolForAsync(entry, route.Version!.Value, cancellationToken).ConfigureAwait(false);
        return again.Pool is { } pool
            ? await pool.AcquireAsync(cancellationToken).ConfigureAwait(false)
            : PoolLease.Refused(InvocationOutcome.NotFound, again.Problem);
    }

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

    private InvocationResult Recorded(FunctionEntry entry, long? version, long started, InvocationResult result, bool coldStart)
    {
        var elapsed = _time.GetElapsedTime(started).TotalMilliseconds;
        var handlerStatusIsError = result.Outcome == InvocationOutcome.Success && result.StatusCode >= 500;
        result.Version = version;
        entry.Stats.Record(result.Outcome, elapsed, coldStart, handlerStatusIsError);
        entry.Series.Record(_time.GetUtcNow(), result.Outcome, elapsed, coldStart, handlerStatusIsError);
        if (version is { } ran)
        {
            entry.StatsOf(ran).Record(result.Outcome, elapsed, coldStart, handlerStatusIsError);
        }

        _metrics.Record(entry.Record.Key.Qualified, entry.Record.Settings.ExecutionMode, version, result, TimeSpan.FromMilliseconds(elapsed), coldStart);
        return result;
    }
}
