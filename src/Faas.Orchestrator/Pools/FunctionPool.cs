using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Runtime;
using Microsoft.Extensions.Logging;

namespace Faas.Orchestrator.Pools;

/// <summary>
/// The warm instances of one function, shaped like <c>ConcurrencyLimiter</c>: a fast path under a
/// lock, waiters queued as completion sources, leases that return capacity on dispose. Starts
/// instances when calls wait (up to the maximum), keeps the minimum warm, stops idle ones after the
/// TTL, drains old versions after an update, and fails every waiter when it is disposed.
/// </summary>
internal sealed partial class FunctionPool : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly string _function;
    private readonly IInstanceFactory _factory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<FunctionInstance> _instances = [];
    private readonly LinkedList<TaskCompletionSource<PoolLease>> _waiters = new();
    private readonly List<Task> _stopping = [];
    private readonly CancellationTokenSource _disposing = new();
    private PoolSettings _settings;
    private long _version;
    private int _starting;
    private bool _disposed;

    public FunctionPool(string function, long version, PoolSettings settings, IInstanceFactory factory, TimeProvider time, ILogger logger)
    {
        _function = function;
        _version = version;
        _settings = settings;
        _factory = factory;
        _time = time;
        _logger = logger;
        _lastActivity = time.GetUtcNow();
    }

    /// <summary>The version new instances are started at (the function's current version for its main pool).</summary>
    public long Version
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    public int Starting
    {
        get
        {
            lock (_gate)
            {
                return _starting;
            }
        }
    }

    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiters.Count;
            }
        }
    }

    /// <summary>Starts instances until <c>min_instances</c> are running or starting.</summary>
    public void EnsureMinimum()
    {
        lock (_gate)
        {
            EnsureMinimumLocked();
        }
    }

    public async ValueTask<PoolLease> AcquireAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<PoolLease> waiter;
        LinkedListNode<TaskCompletionSource<PoolLease>> node;
        TimeSpan wait;
        lock (_gate)
        {
            if (_disposed)
            {
                return PoolLease.Refused(InvocationOutcome.NotFound, $"function '{_function}' was deleted");
            }

            OnCallLocked();
            if (TryTakeLocked(out var lease))
            {
                ScaleForLoadLocked();
                return lease;
            }

            if (_waiters.Count >= _settings.MaxQueue)
            {
                return PoolLease.Refused(InvocationOutcome.NoCapacity,
                    $"function '{_function}' is at capacity: {_settings.MaxQueue} calls are already waiting");
            }

            waiter = new TaskCompletionSource<PoolLease>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast(waiter);
            wait = _settings.WaitTimeout;
            ScaleUpLocked();
            ScaleForLoadLocked();
        }

        try
        {
            return await waiter.Task.WaitAsync(wait, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            lock (_gate)
            {
                if (node.List is not null)
                {
                    _waiters.Remove(node);
                    waiter.TrySetCanceled(CancellationToken.None);
                }
            }

            // Granted in the same instant as the timeout: give the capacity back.
            if (waiter.Task.IsCompletedSuccessfully)
            {
                waiter.Task.Result.Dispose();
            }

            return ex is TimeoutException
                ? PoolLease.Refused(InvocationOutcome.NoCapacity,
                    $"no instance of '{_function}' became available within {wait.TotalSeconds:0.###} s")
                : PoolLease.Refused(InvocationOutcome.ClientClosed, "the caller closed the request");
        }
    }

    /// <summary>A new version is current: old instances drain and stop; new calls go to new instances.</summary>
    public void Reconfigure(long version, PoolSettings settings)
    {
        lock (_gate)
        {
            _settings = settings;
            // A deploy or a scale starts the minimum again, also in a pool scaled to zero.
            _asleep = false;
            _lastActivity = _time.GetUtcNow();
            if (version != _version)
            {
                _version = version;
                foreach (var instance in _instances.ToList())
                {
                    if (instance.State == InstanceState.Ready)
                    {
                        instance.State = InstanceState.Draining;
                    }

                    StopIfDrainedLocked(instance);
                }
            }

            EnsureMinimumLocked();
            ScaleUpLocked();
            GrantLocked();
        }
    }

    /// <summary>Stops instances idle for longer than the TTL, keeping <c>min_instances</c> (all of them once the function is idle past its scale-to-zero time).</summary>
    public void Reap()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var current = _instances.Where(i => i.State == InstanceState.Ready && i.Version == _version).ToList();
            var keep = current.Count;
            foreach (var instance in current.OrderBy(i => i.LastUsedAt))
            {
                if (keep <= _settings.MinInstances)
                {
                    break;
                }

                if (instance.InFlight == 0 && now - instance.LastUsedAt >= _settings.IdleTtl)
                {
                    Log.Reaped(_logger, _function, instance.Id);
                    RemoveAndStopLocked(instance);
                    keep--;
                }
            }

            ScaleToZeroLocked(now);
        }
    }

    /// <summary>Stops one instance now (its in-flight calls fail); returns false if it is not in this pool.</summary>
    public bool StopInstance(string instanceId)
    {
        lock (_gate)
        {
            var instance = _instances.FirstOrDefault(i => i.Id == instanceId);
            if (instance is null)
            {
                return false;
            }

            RemoveAndStopLocked(instance);
            EnsureMinimumLocked();
            ScaleUpLocked();
            return true;
        }
    }

    public IReadOnlyList<FunctionInstance> Snapshot()
    {
        lock (_gate)
        {
            return _instances.ToList();
        }
    }

    internal void Release(FunctionInstance instance)
    {
        lock (_gate)
        {
            instance.InFlight--;
            instance.LastUsedAt = _time.GetUtcNow();
            _lastActivity = instance.LastUsedAt;
            if (instance.State == InstanceState.Draining)
            {
                StopIfDrainedLocked(instance);
            }
            else
            {
                GrantLocked();
            }
        }
    }

    /// <summary>Fails every waiter, lets in-flight calls finish up to <paramref name="drain"/>, then stops every instance.</summary>
    public async ValueTask DisposeAsync(TimeSpan drain)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            while (_waiters.First is { } first)
            {
                _waiters.RemoveFirst();
                first.Value.TrySetResult(PoolLease.Refused(InvocationOutcome.NotFound, $"function '{_function}' was deleted"));
            }

            foreach (var instance in _instances.ToList())
            {
                instance.State = InstanceState.Draining;
                StopIfDrainedLocked(instance);
            }
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        var deadline = _time.GetUtcNow() + drain;
        while (_time.GetUtcNow() < deadline && Snapshot().Count > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _time).ConfigureAwait(false);
        }

        Task[] stopping;
        lock (_gate)
        {
            foreach (var instance in _instances.ToList())
            {
                RemoveAndStopLocked(instance);
            }

            stopping = [.. _stopping];
        }

        await Task.WhenAll(stopping).ConfigureAwait(false);
        _disposing.Dispose();
    }

    public ValueTask DisposeAsync() => DisposeAsync(TimeSpan.Zero);

    private bool TryTakeLocked(out PoolLease lease)
    {
        FunctionInstance? best = null;
        foreach (var instance in _instances)
        {
            // The least busy; among equally busy ones the least recently used, so that calls one after another spread
            // over the instances (round robin, as OpenFaaS's service routing does) and none sits idle until reaped.
            if (instance.State == InstanceState.Ready && instance.Version == _version && !instance.Backend.Ended.IsCompleted
                && instance.InFlight < _settings.Concurrency
                && (best is null || instance.InFlight < best.InFlight || (instance.InFlight == best.InFlight && instance.LastUsedAt < best.LastUsedAt)))
            {
                best = instance;
            }
        }

        if (best is null)
        {
            lease = null!;
            return false;
        }

        best.InFlight++;
        best.LastUsedAt = _time.GetUtcNow();
        var cold = best.Fresh && best.StartedOnDemand;
        best.Fresh = false;
        lease = PoolLease.Granted(this, best, cold);
        return true;
    }

    private void GrantLocked()
    {
        while (_waiters.First is { } first && TryTakeLocked(out var lease))
        {
            _waiters.RemoveFirst();
            if (!first.Value.TrySetResult(lease))
            {
                lease.Dispose();
            }
        }
    }

    private int CurrentCountLocked() =>
        _instances.Count(i => i.State == InstanceState.Ready && i.Version == _version) + _starting;

    private void ScaleUpLocked()
    {
        if (_disposed)
        {
            return;
        }

        var uncovered = _waiters.Count - _starting * _settings.Concurrency;
        if (uncovered > 0 && CurrentCountLocked() < _settings.MaxInstances)
        {
            StartLocked(onDemand: true);
        }
    }

    private void EnsureMinimumLocked()
    {
        while (!_disposed && !_asleep && CurrentCountLocked() < Math.Min(_settings.MinInstances, _settings.MaxInstances))
        {
            StartLocked(onDemand: false);
        }
    }
}
