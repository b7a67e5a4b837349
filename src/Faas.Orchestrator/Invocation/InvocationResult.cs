namespace Faas.Orchestrator.Invocation;

/// <summary>
/// The answer to one invocation. The body is read through <see cref="CopyBodyToAsync(Stream, CancellationToken)"/>
/// (its size, when known, is <see cref="BodyLength"/>): either a small buffer (which may live in a pooled buffer
/// released by <see cref="Dispose"/>) or an <see cref="IResponseBody"/> streamed from the instance as it is copied.
/// Copy it out first, then dispose: disposing also releases what the call held (the instance's lease).
/// </summary>
public sealed class InvocationResult : IDisposable
{
    private readonly ReadOnlyMemory<byte> _body;
    private readonly IResponseBody? _stream;
    private IDisposable? _owner;
    private List<IDisposable>? _held;
    private bool _disposed;

    private InvocationResult(
        InvocationOutcome outcome, int statusCode, IReadOnlyCollection<KeyValuePair<string, string>> headers,
        ReadOnlyMemory<byte> body, IResponseBody? stream, string message, IDisposable? owner)
    {
        Outcome = outcome;
        StatusCode = statusCode;
        Headers = headers;
        _body = body;
        _stream = stream;
        Message = message;
        _owner = owner;
    }

    public InvocationOutcome Outcome { get; }

    /// <summary>The handler's status code when <see cref="Outcome"/> is <see cref="InvocationOutcome.Success"/>.</summary>
    public int StatusCode { get; }

    public IReadOnlyCollection<KeyValuePair<string, string>> Headers { get; }

    /// <summary>Bytes in the body when known before it is copied; null when it is not (a streamed body).</summary>
    public long? BodyLength => _stream is null ? _body.Length : _stream.Length;

    /// <summary>True when the body is streamed from the instance while it is copied.</summary>
    public bool IsStreamed => _stream is not null;

    /// <summary>What went wrong, fit for the caller, when the outcome is not success.</summary>
    public string Message { get; }

    /// <summary>True when this call waited for a new instance to start.</summary>
    public bool ColdStart { get; internal set; }

    /// <summary>The instance that served the call, if one did.</summary>
    public string? InstanceId { get; internal set; }

    /// <summary>The function version that served the call, if one did.</summary>
    public long? Version { get; internal set; }

    /// <summary>The most body bytes <see cref="CopyBodyToAsync(Stream, CancellationToken)"/> writes (<c>system.max_response_body_size</c>).</summary>
    public long MaxBodyBytes { get; internal set; } = long.MaxValue;

    /// <summary>The namespace quota that refused the call (<c>instances</c> or <c>memory</c>), with <see cref="InvocationOutcome.QuotaExceeded"/>.</summary>
    public string? Quota { get; internal set; }

    /// <summary>A handler's answer; <paramref name="owner"/> (when given) holds <paramref name="body"/>'s memory and is disposed with the result.</summary>
    public static InvocationResult Success(
        int statusCode, IReadOnlyCollection<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> body, IDisposable? owner = null) =>
        new(InvocationOutcome.Success, statusCode, headers, body, null, "", owner);

    /// <summary>A handler's answer whose body is streamed from the instance; <paramref name="body"/> is disposed with the result.</summary>
    public static InvocationResult Success(int statusCode, IReadOnlyCollection<KeyValuePair<string, string>> headers, IResponseBody body) =>
        new(InvocationOutcome.Success, statusCode, headers, ReadOnlyMemory<byte>.Empty, body, "", null);

    public static InvocationResult Failed(InvocationOutcome outcome, string message) =>
        new(outcome, 0, [], ReadOnlyMemory<byte>.Empty, null, message, null);

    /// <summary>Writes the body to <paramref name="destination"/>, at most <see cref="MaxBodyBytes"/>; call it once, before <see cref="Dispose"/>.</summary>
    public ValueTask<BodyCopyResult> CopyBodyToAsync(Stream destination, CancellationToken cancellationToken) =>
        CopyBodyToAsync(destination, MaxBodyBytes, cancellationToken);

    /// <summary>Writes the body to <paramref name="destination"/>, at most <paramref name="maxBytes"/> (the smaller of it and <see cref="MaxBodyBytes"/>).</summary>
    public async ValueTask<BodyCopyResult> CopyBodyToAsync(Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        maxBytes = Math.Min(maxBytes, MaxBodyBytes);
        if (_stream is not null)
        {
            return await _stream.CopyToAsync(destination, maxBytes, cancellationToken).ConfigureAwait(false);
        }

        if (_body.Length > maxBytes)
        {
            return BodyCopyResult.TooLarge(0, maxBytes);
        }

        if (_body.IsEmpty)
        {
            return BodyCopyResult.Done(0);
        }

        try
        {
            await destination.WriteAsync(_body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            return BodyCopyResult.CallerGone(0);
        }

        return BodyCopyResult.Done(_body.Length);
    }

    /// <summary>Keeps <paramref name="held"/> (a lease on the instance, a concurrency slot) until the result is disposed: a streamed body still uses them.</summary>
    internal void Hold(IDisposable held)
    {
        if (_disposed)
        {
            held.Dispose();
            return;
        }

        (_held ??= []).Add(held);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stream?.Dispose();
        Interlocked.Exchange(ref _owner, null)?.Dispose();
        if (_held is { } held)
        {
            for (var i = held.Count - 1; i >= 0; i--)
            {
                held[i].Dispose();
            }
        }
    }
}
