namespace Faas.Orchestrator.Invocation;

/// <summary>How copying a response body ended, with the bytes written and, when it did not complete, why.</summary>
public readonly record struct BodyCopyResult(BodyCopyOutcome Outcome, long Bytes, string Message)
{
    public bool Completed => Outcome == BodyCopyOutcome.Completed;

    public static BodyCopyResult Done(long bytes) => new(BodyCopyOutcome.Completed, bytes, "");

    public static BodyCopyResult TooLarge(long bytes, long limit) =>
        new(BodyCopyOutcome.TooLarge, bytes, $"the function's response is larger than the limit of {limit} bytes (system.max_response_body_size)");

    public static BodyCopyResult CallerGone(long bytes) => new(BodyCopyOutcome.CallerGone, bytes, "the caller went away");
}

/// <summary>Why a response body copy ended.</summary>
public enum BodyCopyOutcome
{
    /// <summary>The whole body was written.</summary>
    Completed,
    /// <summary>The body outgrew the limit; the call was cancelled at the instance, which stays usable.</summary>
    TooLarge,
    /// <summary>The function's deadline passed while the body was being sent.</summary>
    Timeout,
    /// <summary>The handler failed while producing the body (its stream threw).</summary>
    HandlerError,
    /// <summary>The instance died or broke the protocol while sending the body.</summary>
    InstanceFailed,
    /// <summary>Writing to the destination failed or was cancelled: the caller went away.</summary>
    CallerGone,
}
