using Faas.Orchestrator.Invocation;

namespace Faas.Orchestrator.Executions;

internal sealed partial class ExecutionWorker
{
    /// <summary>
    /// What an attempt's outcome means for the execution. Retryable: the platform could not run the
    /// handler (instance died, no capacity, mode unavailable). Final: the handler answered (a 5xx
    /// answer or a thrown exception is <c>failed</c>), the deadline passed (<c>timed_out</c>, not
    /// retried: the handler did run, and a retry would repeat its side effects and likely time out
    /// again), or the function no longer exists.
    /// </summary>
    internal static (ExecutionStatus? Final, string? Error) Classify(InvocationResult result) => result.Outcome switch
    {
        InvocationOutcome.Success when result.StatusCode < 500 => (ExecutionStatus.Succeeded, null),
        InvocationOutcome.Success => (ExecutionStatus.Failed, $"the handler answered {result.StatusCode}"),
        InvocationOutcome.HandlerError => (ExecutionStatus.Failed, result.Message),
        InvocationOutcome.Timeout => (ExecutionStatus.TimedOut, result.Message),
        InvocationOutcome.NotFound => (ExecutionStatus.Failed, result.Message),
        _ => (null, string.IsNullOrEmpty(result.Message) ? result.Outcome.ToString() : result.Message),
    };

    private static async Task<ExecutionResult> ResultOfAsync(InvocationResult result, string? error)
    {
        if (result.Outcome != InvocationOutcome.Success)
        {
            return new ExecutionResult(null, [], null, error) { Version = result.Version };
        }

        using var body = new MemoryStream();
        await result.CopyBodyToAsync(body, CancellationToken.None).ConfigureAwait(false);
        return new ExecutionResult(result.StatusCode, result.Headers.ToList(), body.ToArray(), error) { Version = result.Version };
    }
}
