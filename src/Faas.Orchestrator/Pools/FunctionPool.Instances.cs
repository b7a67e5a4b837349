using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Runtime;
using Microsoft.Extensions.Logging;

namespace Faas.Orchestrator.Pools;

/// <summary>The pool's instances: starting them, watching them end, stopping them.</summary>
internal sealed partial class FunctionPool
{
    private void StartLocked(bool onDemand)
    {
        _starting++;
        var version = _version;
        _ = Task.Run(() => StartAsync(version, onDemand));
    }

    private async Task StartAsync(long version, bool onDemand)
    {
        FunctionInstance instance;
        try
        {
            instance = await _factory.StartAsync(version, onDemand, _disposing.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.StartFailed(_logger, _function, ex.Message);
            lock (_gate)
            {
                _starting--;
                var anyReady = _instances.Any(i => i.State == InstanceState.Ready && i.Version == _version);
                if (!anyReady && _starting == 0)
                {
                    var outcome = ex switch
                    {
                        RuntimeUnavailableException => InvocationOutcome.Unavailable,
                        QuotaExceededException => InvocationOutcome.QuotaExceeded,
                        _ => InvocationOutcome.InstanceDied,
                    };
                    var message = ex is RuntimeUnavailableException or QuotaExceededException ? ex.Message : $"could not start an instance of '{_function}': {ex.Message}";
                    while (_waiters.First is { } first)
                    {
                        _waiters.RemoveFirst();
                        _scaler.Meter.Add(-1);
                        first.Value.TrySetResult(PoolLease.Refused(outcome, message, (ex as QuotaExceededException)?.Quota));
                    }
                }
            }

            return;
        }

        lock (_gate)
        {
            _starting--;
            _instances.Add(instance);
            _ = WatchAsync(instance);
            if (_disposed || version != _version)
            {
                instance.State = InstanceState.Draining;
                StopIfDrainedLocked(instance);
                ScaleUpLocked();
                EnsureMinimumLocked();
                return;
            }

            GrantLocked();
            ScaleUpLocked();
        }
    }

    private async Task WatchAsync(FunctionInstance instance)
    {
        var exit = await instance.Backend.Ended.ConfigureAwait(false);
        lock (_gate)
        {
            if (instance.State == InstanceState.Stopped)
            {
                return;
            }

            Log.InstanceEnded(_logger, _function, instance.Id, exit.Reason);
            RemoveAndStopLocked(instance);
            EnsureMinimumLocked();
            ScaleUpLocked();
        }
    }

    private void StopIfDrainedLocked(FunctionInstance instance)
    {
        if (instance.InFlight <= 0)
        {
            RemoveAndStopLocked(instance);
        }
    }

    private void RemoveAndStopLocked(FunctionInstance instance)
    {
        if (instance.State == InstanceState.Stopped)
        {
            return;
        }

        instance.State = InstanceState.Stopped;
        _instances.Remove(instance);
        _stopping.RemoveAll(t => t.IsCompleted);
        _stopping.Add(StopAsync(instance));
    }

    private async Task StopAsync(FunctionInstance instance)
    {
        try
        {
            await Task.Yield();
            await instance.StopAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.StopFailed(_logger, _function, instance.Id, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Function {Function}: an instance failed to start: {Reason}")]
        public static partial void StartFailed(ILogger logger, string function, string reason);

        [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Function {Function}: instance {Instance} ended: {Reason}")]
        public static partial void InstanceEnded(ILogger logger, string function, string instance, string reason);

        [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Function {Function}: idle instance {Instance} stopped")]
        public static partial void Reaped(ILogger logger, string function, string instance);

        [LoggerMessage(EventId = 1108, Level = LogLevel.Information,
            Message = "Function {Function}: the autoscaler takes instance {Instance} out of service ({InFlight} calls still in flight finish first)")]
        public static partial void SteppedDown(ILogger logger, string function, string instance, int inFlight);

        [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Function {Function}: stopping instance {Instance} failed: {Reason}")]
        public static partial void StopFailed(ILogger logger, string function, string instance, string reason);
    }
}
