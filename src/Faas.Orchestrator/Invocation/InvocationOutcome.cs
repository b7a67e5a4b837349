namespace Faas.Orchestrator.Invocation;

/// <summary>How an invocation ended. The gateway maps each to one HTTP status, in one place.</summary>
public enum InvocationOutcome
{
    /// <summary>The handler answered (its own status code applies).</summary>
    Success,
    /// <summary>The handler threw (500).</summary>
    HandlerError,
    /// <summary>The deadline passed (504).</summary>
    Timeout,
    /// <summary>The instance died or its connection broke (502).</summary>
    InstanceDied,
    /// <summary>No instance became free within the wait, or the queue is full (429).</summary>
    NoCapacity,
    /// <summary>The function's execution mode cannot run here (503).</summary>
    Unavailable,
    /// <summary>No such function (404).</summary>
    NotFound,
    /// <summary>The caller went away before the answer.</summary>
    ClientClosed,
    /// <summary>The handler's answer announced a body larger than <c>system.max_response_body_size</c> (502); the instance stays usable.</summary>
    ResponseTooLarge,

    /// <summary>No instance could start: the namespace is at its instance or memory quota (403 <c>quota_exceeded</c>).</summary>
    QuotaExceeded,
}
