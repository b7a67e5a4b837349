namespace Faas.Orchestrator.Executions;

/// <summary>Where an async execution stands. Succeeded, failed and timed out are final.</summary>
public enum ExecutionStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    TimedOut,
}

internal static class ExecutionStatusNames
{
    public static string Name(this ExecutionStatus status) => status switch
    {
        ExecutionStatus.Queued => "queued",
        ExecutionStatus.Running => "running",
        ExecutionStatus.Succeeded => "succeeded",
        ExecutionStatus.Failed => "failed",
        ExecutionStatus.TimedOut => "timed_out",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static ExecutionStatus Parse(string name) => name switch
    {
        "queued" => ExecutionStatus.Queued,
        "running" => ExecutionStatus.Running,
        "succeeded" => ExecutionStatus.Succeeded,
        "failed" => ExecutionStatus.Failed,
        "timed_out" => ExecutionStatus.TimedOut,
        _ => throw new FormatException($"unknown execution status '{name}'"),
    };

    public static bool IsFinal(this ExecutionStatus status) => status is ExecutionStatus.Succeeded or ExecutionStatus.Failed or ExecutionStatus.TimedOut;
}
