using System.Threading.Channels;
using Faas.Sdk.Protocol;

namespace Faas.Orchestrator.Instances;

/// <summary>
/// One invocation on a host connection, as the reader loop sees it: first a <c>Result</c> (the whole answer) or a
/// <c>ResponseStart</c>; then, for a streamed answer, <c>ResponseBody</c> pieces within the call's window and one
/// <c>ResponseEnd</c>. Pieces wait in a queue for the consumer, which returns window as it passes them on, so the
/// queue never holds more than the window. Anything else — a piece beyond the window or beyond the announced
/// length, an empty piece, a frame out of order — is a protocol violation.
/// </summary>
internal sealed class InvokeCall : PendingCall
{
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource<InvokeHead> _head = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<Frame> _body = Channel.CreateUnbounded<Frame>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private long _window;
    private long _expected = -1;
    private long _received;
    private bool _streaming;
    private bool _abandoned;

    public InvokeCall(uint id, int window)
    {
        Id = id;
        _window = window;
    }

    public uint Id { get; }

    public Task<InvokeHead> Head => _head.Task;

    /// <summary>True once the host sent the call's last frame (whether or not the consumer has read it).</summary>
    public bool Ended { get; private set; }

    /// <summary>Set when the platform killed the instance because the call outlived its deadline.</summary>
    public bool TimedOut { get; set; }

    /// <summary>The next <c>ResponseBody</c> or the closing <c>ResponseEnd</c>; throws what ended the connection.</summary>
    public ValueTask<Frame> ReadAsync(CancellationToken cancellationToken) => _body.Reader.ReadAsync(cancellationToken);

    /// <summary>The consumer passed <paramref name="bytes"/> on: the host may send that many more.</summary>
    public void Return(int bytes)
    {
        lock (_lock)
        {
            _window += bytes;
        }
    }

    public override string? Accept(Frame frame, out bool finished)
    {
        lock (_lock)
        {
            finished = false;
            if (!_streaming)
            {
                return AcceptHead(frame, ref finished);
            }

            switch (frame.Type)
            {
                case FrameType.ResponseBody:
                    return AcceptPiece(frame);
                case FrameType.ResponseEnd:
                    if (_expected >= 0 && _received != _expected && !_abandoned && IsComplete(frame))
                    {
                        frame.Dispose();
                        return $"call {Id} ended its body after {_received} of the {_expected} bytes it announced";
                    }

                    finished = true;
                    Ended = true;
                    Deliver(frame);
                    _body.Writer.TryComplete();
                    return null;
                default:
                    frame.Dispose();
                    return Unexpected(frame, "ResponseBody or ResponseEnd");
            }
        }
    }

    public override void Fail(Exception reason)
    {
        _head.TrySetException(reason);
        _body.Writer.TryComplete(reason);
    }

    public override void Abandon()
    {
        lock (_lock)
        {
            _abandoned = true;
        }

        if (_head.Task.IsCompletedSuccessfully)
        {
            _head.Task.Result.Frame?.Dispose();
        }
        else
        {
            _head.TrySetCanceled();
        }

        Drain();
    }

    private string? AcceptHead(Frame frame, ref bool finished)
    {
        switch (frame.Type)
        {
            case FrameType.Result:
                InvokeResult result;
                try
                {
                    result = InvokeResult.Read(frame.Payload);
                }
                catch (ProtocolException ex)
                {
                    frame.Dispose();
                    return $"invalid answer to call {Id}: {ex.Message}";
                }

                finished = true;
                Ended = true;
                if (_abandoned || !_head.TrySetResult(new InvokeHead(result, frame, null)))
                {
                    frame.Dispose();
                }

                return null;
            case FrameType.ResponseStart:
                ResponseHead head;
                try
                {
                    head = ResponseHead.Read(frame.Payload);
                }
                catch (ProtocolException ex)
                {
                    return $"invalid answer to call {Id}: {ex.Message}";
                }
                finally
                {
                    frame.Dispose();
                }

                _streaming = true;
                _expected = head.ContentLength;
                if (!_abandoned)
                {
                    _head.TrySetResult(new InvokeHead(null, null, head));
                }

                return null;
            default:
                frame.Dispose();
                return Unexpected(frame, "Result or ResponseStart");
        }
    }

    private string? AcceptPiece(Frame frame)
    {
        var length = frame.Length;
        if (length == 0)
        {
            frame.Dispose();
            return $"an empty body piece for call {Id}";
        }

        if (length > _window)
        {
            frame.Dispose();
            return $"call {Id} sent {length} body bytes with a window of {_window}";
        }

        if (_expected >= 0 && _received + length > _expected)
        {
            frame.Dispose();
            return $"call {Id} sent more than the {_expected} body bytes it announced";
        }

        _window -= length;
        _received += length;
        Deliver(frame);
        return null;
    }

    private void Deliver(Frame frame)
    {
        if (_abandoned || !_body.Writer.TryWrite(frame))
        {
            frame.Dispose();
        }
    }

    private static bool IsComplete(Frame end)
    {
        try
        {
            return ResponseEnd.Read(end.Payload).Error == InvokeErrorKind.None;
        }
        catch (ProtocolException)
        {
            return false;
        }
    }

    private void Drain()
    {
        while (_body.Reader.TryRead(out var frame))
        {
            frame.Dispose();
        }
    }
}
