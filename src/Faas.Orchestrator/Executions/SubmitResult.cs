namespace Faas.Orchestrator.Executions;

public enum SubmitOutcome
{
    /// <summary>Stored durably; it will run (202).</summary>
    Accepted,
    /// <summary>No such function (404).</summary>
    NotFound,
    /// <summary><c>X-Callback-Url</c> is malformed or not allowed (400).</summary>
    InvalidCallback,
    /// <summary><c>max_queued</c> executions are already waiting or running (429).</summary>
    QueueFull,
}

public sealed record SubmitResult(SubmitOutcome Outcome, string? ExecutionId, string Message);
