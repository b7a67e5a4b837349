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
        InvocationOutcome.ResponseTooLarge => (ExecutionStatus.Failed, result.Message),
        _ => (null, string.IsNullOrEmpty(result.Message) ? result.Outcome.ToString() : result.Message),
    };

    /// <summary>
    /// The result to store: at most <see cref="ExecutionOptions.MaxResultBytes"/> of body. A larger body is not kept in
    /// part (a cut JSON document is worse than none): the execution fails with a message naming the limit.
    /// </summary>
    private async Task<(ExecutionStatus Status, ExecutionResult Result)> ResultOfAsync(ExecutionStatus status, InvocationResult result, string? error)
    {
        if (result.Outcome != InvocationOutcome.Success)
        {
            return (status, new ExecutionResult(null, [], null, error) { Version = result.Version });
        }

        using var body = new MemoryStream();
        // Not cancelled at shutdown: the function's deadline bounds the copy.
        var copy = await result.CopyBodyToAsync(body, _options.MaxResultBytes, CancellationToken.None).ConfigureAwait(false);
        var headers = result.Headers.ToList();
        return copy.Outcome switch
        {
            BodyCopyOutcome.Completed => (status, new ExecutionResult(result.StatusCode, headers, body.ToArray(), error) { Version = result.Version }),
            BodyCopyOutcome.TooLarge => (ExecutionStatus.Failed, new ExecutionResult(result.StatusCode, headers, null,
                $"the result is larger than the limit of {_options.MaxResultBytes} bytes kept for asynchronous executions (async.max_result_size)")
                { Version = result.Version }),
            BodyCopyOutcome.Timeout => (ExecutionStatus.TimedOut, new ExecutionResult(result.StatusCode, headers, null, copy.Message) { Version = result.Version }),
            _ => (ExecutionStatus.Failed, new ExecutionResult(result.StatusCode, headers, null, copy.Message) { Version = result.Version }),
        };
    }
}
