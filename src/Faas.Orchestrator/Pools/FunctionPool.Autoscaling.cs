using Faas.Orchestrator.Instances;

namespace Faas.Orchestrator.Pools;

/// <summary>
/// The pool's size: the autoscaler's decisions applied. A function with an OpenFaaS load target
/// (<see cref="PoolSettings.LoadTarget"/>) keeps at least what its target asks for; a pool scaled to zero stays at zero
/// until a call wakes it.
/// </summary>
internal sealed partial class FunctionPool
{
    private int ReadyCountLocked()
    {
        var ready = 0;
        foreach (var instance in _instances)
        {
            if (instance.State == InstanceState.Ready && instance.Version == _version)
            {
                ready++;
            }
        }

        return ready;
    }

    private int CurrentCountLocked() => ReadyCountLocked() + _starting;

    private void Tick()
    {
        lock (_gate)
        {
            ScaleUpLocked();
        }
    }

    /// <summary>
    /// Applies the autoscaler's decision: starts instances up to it at once, and stops one idle instance above it when the
    /// autoscaler takes a step down. A call waiting with nothing ready or starting always gets an instance started.
    /// </summary>
    private void ScaleUpLocked()
    {
        if (_disposed || _asleep)
        {
            return;
        }

        var ready = ReadyCountLocked();
        var decision = _scaler.Decide(ready, _starting, _settings);
        var desired = decision.Desired;
        if (_settings.LoadTarget is { } target)
        {
            // The deployer's explicit scaling (OpenFaaS labels) is a floor: the autoscaler never steps below it.
            desired = Math.Max(desired, Math.Min(_settings.MaxInstances, target.InstancesFor(LoadLocked(target))));
        }
        if (_waiters.Count > 0 && ready + _starting == 0)
        {
            desired = Math.Max(desired, Math.Min(1, _settings.MaxInstances));
        }

        for (var count = ready + _starting; count < desired; count++)
        {
            StartLocked(onDemand: _waiters.Count > 0);
        }

        if (decision.StopOne && ready > desired && StepDownLocked())
        {
            _scaler.SteppedDown();
        }
    }

    /// <summary>
    /// Takes one instance of the current version out of service: the least recently used of the idle ones stops now;
    /// when every one is serving, the least busy drains (it finishes its calls, takes no new one, then stops).
    /// </summary>
    private bool StepDownLocked()
    {
        FunctionInstance? pick = null;
        foreach (var instance in _instances)
        {
            if (instance.State != InstanceState.Ready || instance.Version != _version)
            {
                continue;
            }

            if (pick is null || instance.InFlight < pick.InFlight || (instance.InFlight == pick.InFlight && instance.LastUsedAt < pick.LastUsedAt))
            {
                pick = instance;
            }
        }

        if (pick is null)
        {
            return false;
        }

        Log.SteppedDown(_logger, _function, pick.Id, pick.InFlight);
        pick.State = InstanceState.Draining;
        StopIfDrainedLocked(pick);
        return true;
    }

    private double LoadLocked(Configuration.LoadTarget target)
    {
        if (target.Metric == Configuration.LoadMetric.RequestsPerSecond)
        {
            return _rate.PerSecond(_time.GetUtcNow());
        }

        var load = _waiters.Count;
        foreach (var instance in _instances)
        {
            if (instance.State == InstanceState.Ready && instance.Version == _version)
            {
                load += instance.InFlight;
            }
        }

        return load;
    }
}
