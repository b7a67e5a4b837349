using Faas.Orchestrator.Executions;
using Faas.Orchestrator.Storage;
using Microsoft.Extensions.Logging;

namespace Faas.Orchestrator.Schedules;

/// <summary>
/// Fires due schedules as async executions. It sleeps until the earliest <c>next_run</c> (at most
/// <see cref="PollInterval"/>, to see schedules other nodes added; at once when one is changed here), then, for each
/// due schedule, submits the firing under its derived id (<see cref="FiringIds"/>) and claims it by moving
/// <c>next_run</c> forward with a compare-and-set (<see cref="IFunctionStore.AdvanceScheduleAsync"/>): with any number
/// of nodes on one store, each firing becomes one execution. A firing more than <see cref="LateTolerance"/> late, or
/// one whose following firing has passed too, was missed (the platform was down): <see cref="CatchUpPolicy.Once"/> runs
/// it once for all those missed, <see cref="CatchUpPolicy.Skip"/> runs none.
/// </summary>
internal sealed partial class ScheduleRunner : IAsyncDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan LateTolerance = TimeSpan.FromSeconds(30);

    private readonly IFunctionStore _store;
    private readonly ExecutionService _executions;
    private readonly ScheduleSignal _signal;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;
    private volatile bool _sleeping;

    public ScheduleRunner(IFunctionStore store, ExecutionService executions, ScheduleSignal signal, TimeProvider time, ILogger logger)
    {
        _store = store;
        _executions = executions;
        _signal = signal;
        _time = time;
        _logger = logger;
    }

    /// <summary>True while the loop waits for the next firing (tests advance virtual time only then).</summary>
    internal bool Sleeping => _sleeping;

    public void Start() => _loop ??= Task.Run(LoopAsync);

    public async Task StopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>Fires every due schedule once; returns the earliest firing still to come, or null when there are no schedules.</summary>
    internal async Task<DateTimeOffset?> RunDueAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset? earliest = null;
        foreach (var schedule in await _store.ListSchedulesAsync(null, cancellationToken).ConfigureAwait(false))
        {
            var next = schedule.NextRun <= _time.GetUtcNow() ? await FireAsync(schedule, cancellationToken).ConfigureAwait(false) : schedule.NextRun;
            earliest = earliest is { } known && known <= next ? known : next;
        }

        return earliest;
    }

    private async Task LoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                var changed = _signal.NextChange;
                var next = await RunDueAsync(_stopping.Token).ConfigureAwait(false);
                var delay = next is { } at ? at - _time.GetUtcNow() : PollInterval;
                if (delay <= TimeSpan.Zero)
                {
                    continue;
                }

                using var sleep = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                var timer = Task.Delay(delay < PollInterval ? delay : PollInterval, _time, sleep.Token);
                _sleeping = true;
                await Task.WhenAny(changed, timer).ConfigureAwait(false);
                _sleeping = false;
                await sleep.CancelAsync().ConfigureAwait(false);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.LoopFailed(_logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), _time, _stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Submits (or skips) one due firing and claims it; returns the schedule's next firing.</summary>
    private async Task<DateTimeOffset> FireAsync(ScheduleRecord schedule, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (CronSchedule.Parse(schedule.Cron, schedule.TimeZone, now: null, out var problem) is not { } cron)
        {
            // Stored valid; unusable now (its time zone left the system's database): try again in an hour.
            Log.Unusable(_logger, schedule.Key.Qualified, schedule.Name, problem!);
            var retry = now + TimeSpan.FromHours(1);
            await _store.AdvanceScheduleAsync(schedule.Key, schedule.Name, schedule.NextRun, retry, null, cancellationToken).ConfigureAwait(false);
            return retry;
        }

        var missed = now - schedule.NextRun > LateTolerance || cron.NextAfter(schedule.NextRun) is { } following && following <= now;
        var fire = !missed || schedule.CatchUp == CatchUpPolicy.Once;
        var next = cron.NextAfter(now) ?? DateTimeOffset.MaxValue;
        if (fire)
        {
            await SubmitAsync(schedule, cancellationToken).ConfigureAwait(false);
        }

        if (await _store.AdvanceScheduleAsync(schedule.Key, schedule.Name, schedule.NextRun, next, fire ? now : null, cancellationToken)
            .ConfigureAwait(false))
        {
            if (fire)
            {
                Log.Fired(_logger, schedule.Key.Qualified, schedule.Name, schedule.NextRun, missed);
            }
            else
            {
                Log.Skipped(_logger, schedule.Key.Qualified, schedule.Name, schedule.NextRun);
            }
        }

        return next;
    }

    private async Task SubmitAsync(ScheduleRecord schedule, CancellationToken cancellationToken)
    {
        var request = new ExecutionRequest(schedule.Function, "POST", "/", [], schedule.Headers, schedule.Body, CallbackUrl: null)
        {
            Namespace = schedule.Namespace,
            Id = FiringIds.Of(schedule, schedule.NextRun),
            Qualifier = schedule.Qualifier,
            Schedule = schedule.Name,
        };
        var result = await _executions.SubmitAsync(request, cancellationToken).ConfigureAwait(false);
        if (result.Outcome != SubmitOutcome.Accepted)
        {
            Log.NotSubmitted(_logger, schedule.Key.Qualified, schedule.Name, result.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1211, Level = LogLevel.Information, Message = "Function {Function}: schedule {Schedule} fired for {Due} (missed while down: {Missed})")]
        public static partial void Fired(ILogger logger, string function, string schedule, DateTimeOffset due, bool missed);

        [LoggerMessage(EventId = 1212, Level = LogLevel.Information, Message = "Function {Function}: schedule {Schedule} skipped the firing of {Due}, missed while the platform was down (catch_up: skip)")]
        public static partial void Skipped(ILogger logger, string function, string schedule, DateTimeOffset due);

        [LoggerMessage(EventId = 1213, Level = LogLevel.Warning, Message = "Function {Function}: schedule {Schedule} could not submit its firing: {Reason}")]
        public static partial void NotSubmitted(ILogger logger, string function, string schedule, string reason);

        [LoggerMessage(EventId = 1214, Level = LogLevel.Warning, Message = "Function {Function}: schedule {Schedule} cannot be used: {Reason}")]
        public static partial void Unusable(ILogger logger, string function, string schedule, string reason);

        [LoggerMessage(EventId = 1215, Level = LogLevel.Error, Message = "The schedule runner hit an error; it carries on")]
        public static partial void LoopFailed(ILogger logger, Exception exception);
    }
}
