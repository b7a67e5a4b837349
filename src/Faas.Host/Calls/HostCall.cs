using Faas.Sdk.Protocol;

namespace Faas.Host.Calls;

/// <summary>
/// One invocation in the host: its request (the body assembled from the <c>Invoke</c> frame and any
/// <c>RequestBody</c> frames that follow), the cancellation that carries its deadline and the orchestrator's
/// <c>Cancel</c>, and the window its response body is sent within.
/// </summary>
internal sealed class HostCall : IDisposable
{
    private readonly byte[] _body;
    private int _received;

    public HostCall(uint id, InvokeRequest request)
    {
        Id = id;
        Request = request;
        Window = new SendWindow(request.Window);
        _body = request.BodyLength == 0 ? [] : new byte[request.BodyLength];
        request.Body.Span.CopyTo(_body);
        _received = request.Body.Length;
    }

    public uint Id { get; }

    public InvokeRequest Request { get; }

    public SendWindow Window { get; }

    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>True once the orchestrator cancelled the call (as opposed to its deadline passing).</summary>
    public bool CancelledByPlatform { get; private set; }

    public bool BodyComplete => _received == _body.Length;

    public byte[] Body => BodyComplete ? _body : throw new InvalidOperationException("the request body is not complete");

    /// <summary>Adds the next piece of the request body; false when it would run past the announced length.</summary>
    public bool AddBody(ReadOnlySpan<byte> piece)
    {
        if (piece.Length > _body.Length - _received)
        {
            return false;
        }

        piece.CopyTo(_body.AsSpan(_received));
        _received += piece.Length;
        return true;
    }

    public void Cancel()
    {
        CancelledByPlatform = true;
        try
        {
            Cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose() => Cancellation.Dispose();
}
