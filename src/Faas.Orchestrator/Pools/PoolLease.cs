using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Invocation;

namespace Faas.Orchestrator.Pools;

/// <summary>
/// The right to run one call on <see cref="Instance"/>, or why there is none. Disposing it returns
/// the capacity to the pool.
/// </summary>
internal sealed class PoolLease : IDisposable
{
    private FunctionPool? _pool;

    private PoolLease(FunctionPool? pool, FunctionInstance? instance, bool coldStart, InvocationOutcome outcome, string message)
    {
        _pool = pool;
        Instance = instance;
        ColdStart = coldStart;
        Outcome = outcome;
        Message = message;
    }

    public FunctionInstance? Instance { get; }

    /// <summary>The call waited for an instance that was started for it.</summary>
    public bool ColdStart { get; }

    /// <summary><see cref="InvocationOutcome.Success"/> when an instance was granted.</summary>
    public InvocationOutcome Outcome { get; }

    public string Message { get; }

    /// <summary>The namespace quota that refused the start, with <see cref="InvocationOutcome.QuotaExceeded"/>.</summary>
    public string? Quota { get; private init; }

    public static PoolLease Granted(FunctionPool pool, FunctionInstance instance, bool coldStart) =>
        new(pool, instance, coldStart, InvocationOutcome.Success, "");

    public static PoolLease Refused(InvocationOutcome outcome, string message, string? quota = null) =>
        new(null, null, false, outcome, message) { Quota = quota };

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _pool, null) is { } pool && Instance is not null)
        {
            pool.Release(Instance);
        }
    }
}
