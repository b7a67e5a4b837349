namespace Faas.Orchestrator.Schedules;

/// <summary>Wakes the schedule runner when schedules change here (changes on other nodes are seen at its next poll).</summary>
internal sealed class ScheduleSignal
{
    private TaskCompletionSource _changed = New();

    /// <summary>Completes at the next <see cref="Changed"/>.</summary>
    public Task NextChange => Volatile.Read(ref _changed).Task;

    public void Changed() => Interlocked.Exchange(ref _changed, New()).TrySetResult();

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
