namespace Faas.Orchestrator.Invocation;

/// <summary>
/// The answer to one invocation. The body is read through <see cref="CopyBodyToAsync"/> (and its size, when
/// known, is <see cref="BodyLength"/>), so a backend may later stream it instead of buffering it; a buffered body
/// may live in a pooled buffer released by <see cref="Dispose"/>: copy it out first, then dispose.
/// </summary>
public sealed class InvocationResult : IDisposable
{
    private readonly ReadOnlyMemory<byte> _body;
    private IDisposable? _owner;
    private bool _disposed;

    private InvocationResult(
        InvocationOutcome outcome, int statusCode, IReadOnlyCollection<KeyValuePair<string, string>> headers,
        ReadOnlyMemory<byte> body, string message, IDisposable? owner)
    {
        Outcome = outcome;
        StatusCode = statusCode;
        Headers = headers;
        _body = body;
        Message = message;
        _owner = owner;
    }

    public InvocationOutcome Outcome { get; }

    /// <summary>The handler's status code when <see cref="Outcome"/> is <see cref="InvocationOutcome.Success"/>.</summary>
    public int StatusCode { get; }

    public IReadOnlyCollection<KeyValuePair<string, string>> Headers { get; }

    /// <summary>Bytes in the body when known before it is copied; null when it is not (a streamed body).</summary>
    public long? BodyLength => _body.Length;

    /// <summary>What went wrong, fit for the caller, when the outcome is not success.</summary>
    public string Message { get; }

    /// <summary>True when this call waited for a new instance to start.</summary>
    public bool ColdStart { get; internal set; }

    /// <summary>The instance that served the call, if one did.</summary>
    public string? InstanceId { get; internal set; }

    /// <summary>The function version that served the call, if one did.</summary>
    public long? Version { get; internal set; }

    /// <summary>The namespace quota that refused the call (<c>instances</c> or <c>memory</c>), with <see cref="InvocationOutcome.QuotaExceeded"/>.</summary>
    public string? Quota { get; internal set; }

    /// <summary>A handler's answer; <paramref name="owner"/> (when given) holds <paramref name="body"/>'s memory and is disposed with the result.</summary>
    public static InvocationResult Success(
        int statusCode, IReadOnlyCollection<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> body, IDisposable? owner = null) =>
        new(InvocationOutcome.Success, statusCode, headers, body, "", owner);

    public static InvocationResult Failed(InvocationOutcome outcome, string message) =>
        new(outcome, 0, [], ReadOnlyMemory<byte>.Empty, message, null);

    /// <summary>Writes the body to <paramref name="destination"/>; call it once, before <see cref="Dispose"/>.</summary>
    public ValueTask CopyBodyToAsync(Stream destination, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _body.IsEmpty ? ValueTask.CompletedTask : destination.WriteAsync(_body, cancellationToken);
    }

    public void Dispose()
    {
        _disposed = true;
        Interlocked.Exchange(ref _owner, null)?.Dispose();
    }
}
