namespace Faas.Orchestrator.Invocation;

/// <summary>
/// The answer to one invocation. On success <see cref="Body"/> points into a pooled buffer that is
/// released by <see cref="Dispose"/>: write it out first, then dispose.
/// </summary>
public sealed class InvocationResult : IDisposable
{
    private readonly IDisposable? _owner;

    internal InvocationResult(
        InvocationOutcome outcome,
        int statusCode,
        IReadOnlyCollection<KeyValuePair<string, string>> headers,
        ReadOnlyMemory<byte> body,
        string message,
        IDisposable? owner)
    {
        Outcome = outcome;
        StatusCode = statusCode;
        Headers = headers;
        Body = body;
        Message = message;
        _owner = owner;
    }

    public InvocationOutcome Outcome { get; }

    /// <summary>The handler's status code when <see cref="Outcome"/> is <see cref="InvocationOutcome.Success"/>.</summary>
    public int StatusCode { get; }

    public IReadOnlyCollection<KeyValuePair<string, string>> Headers { get; }

    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>What went wrong, fit for the caller, when the outcome is not success.</summary>
    public string Message { get; }

    /// <summary>True when this call waited for a new instance to start.</summary>
    public bool ColdStart { get; internal set; }

    /// <summary>The instance that served the call, if one did.</summary>
    public string? InstanceId { get; internal set; }

    public static InvocationResult Failed(InvocationOutcome outcome, string message) =>
        new(outcome, 0, [], ReadOnlyMemory<byte>.Empty, message, null);

    public void Dispose() => _owner?.Dispose();
}
