using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Instances;
using Microsoft.Extensions.Logging;

namespace Faas.Orchestrator.Pools;

/// <summary>
/// Scaling the pool honours beyond "start one when calls wait": a load target (more instances, up to the maximum,
/// while the load per instance is above it) and scale to zero (after the whole function was idle that long, every
/// instance stops, the minimum included, until the next call starts the minimum again).
/// </summary>
internal sealed partial class FunctionPool
{
    private readonly RequestRate _rate = new();
    private DateTimeOffset _lastActivity;
    private bool _asleep;

    /// <summary>Instances this pool keeps (OpenFaaS's <c>replicas</c>): 0 once scaled to zero, else the minimum or more.</summary>
    public int Desired
    {
        get
        {
            lock (_gate)
            {
                return _asleep ? 0 : Math.Max(Math.Min(_settings.MinInstances, _settings.MaxInstances), CurrentCountLocked());
            }
        }
    }

    /// <summary>True once scaled to zero, until a call (or a new version or scale) wakes it.</summary>
    public bool Asleep
    {
        get
        {
            lock (_gate)
            {
                return _asleep;
            }
        }
    }

    /// <summary>A call arrived: counts it, and wakes a pool scaled to zero (its minimum starts for this call).</summary>
    private void OnCallLocked()
    {
        var now = _time.GetUtcNow();
        _lastActivity = now;
        _rate.Record(now);
        if (_asleep)
        {
            _asleep = false;
            Log.Woken(_logger, _function);
            while (!_disposed && CurrentCountLocked() < Math.Min(_settings.MinInstances, _settings.MaxInstances))
            {
                StartLocked(onDemand: true);
            }
        }
    }

    /// <summary>Starts one more instance (one at a time) while the load per instance is above the target.</summary>
    private void ScaleForLoadLocked()
    {
        if (_settings.LoadTarget is not { } target || _disposed || _starting > 0)
        {
            return;
        }

        var current = CurrentCountLocked();
        if (current >= _settings.MaxInstances)
        {
            return;
        }

        var load = target.Metric == LoadMetric.RequestsPerSecond
            ? _rate.PerSecond(_time.GetUtcNow())
            : _instances.Where(i => i.State == InstanceState.Ready && i.Version == _version).Sum(i => i.InFlight) + _waiters.Count;
        if (target.InstancesFor(load) > current)
        {
            Log.ScalingUp(_logger, _function, load, current + 1);
            StartLocked(onDemand: false);
        }
    }

    /// <summary>
    /// The operator set the replicas (OpenFaaS <c>scale-function</c>): the autoscaler forgets the demand it saw before,
    /// so past calls do not bring back what was just scaled away; idle instances above <paramref name="replicas"/> stop
    /// now (a serving one finishes first, as on a step down). Zero puts the pool to sleep until a call wakes it.
    /// </summary>
    public void ScaleTo(int replicas)
    {
        lock (_gate)
        {
            var inFlight = _scaler.Meter.Current;
            _scaler = new Autoscaler(_settings.Autoscaling ?? AutoscalerSettings.Default, _time);
            _scaler.Meter.Add(inFlight);
            foreach (var instance in _instances.Where(i => i.State == InstanceState.Ready && i.InFlight == 0).OrderBy(i => i.LastUsedAt).ToList())
            {
                if (_instances.Count(i => i.State == InstanceState.Ready) <= replicas)
                {
                    break;
                }

                RemoveAndStopLocked(instance);
            }

            if (replicas == 0 && _waiters.Count == 0)
            {
                _asleep = true;
                _lastActivity = _time.GetUtcNow();
                Log.ScaledToZeroByOperator(_logger, _function);
            }
        }
    }

    /// <summary>Stops every instance once the function was idle for <see cref="PoolSettings.ScaleToZeroAfter"/>.</summary>
    private void ScaleToZeroLocked(DateTimeOffset now)
    {
        if (_settings.ScaleToZeroAfter is not { } after || _asleep || _disposed || _waiters.Count > 0 || _starting > 0
            || now - _lastActivity < after || _instances.Any(i => i.InFlight > 0))
        {
            return;
        }

        _asleep = true;
        Log.ScaledToZero(_logger, _function, after.TotalSeconds);
        foreach (var instance in _instances.ToList())
        {
            RemoveAndStopLocked(instance);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "Function {Function}: load {Load:0.##} calls for another instance ({Instances})")]
        public static partial void ScalingUp(ILogger logger, string function, double load, int instances);

        [LoggerMessage(EventId = 1106, Level = LogLevel.Information, Message = "Function {Function}: idle for {Seconds} s, scaled to zero")]
        public static partial void ScaledToZero(ILogger logger, string function, double seconds);

        [LoggerMessage(EventId = 1107, Level = LogLevel.Information, Message = "Function {Function}: woken from zero by a call")]
        public static partial void Woken(ILogger logger, string function);

        [LoggerMessage(EventId = 1109, Level = LogLevel.Information, Message = "Function {Function}: scaled to zero replicas")]
        public static partial void ScaledToZeroByOperator(ILogger logger, string function);
    }
}
