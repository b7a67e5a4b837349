using Faas.Orchestrator.Invocation;
using Faas.Sdk.Protocol;

namespace Faas.Orchestrator.Instances;

/// <summary>
/// A host's streamed answer as the gateway copies it: each piece is written to the destination, then its bytes go
/// back to the host as window, so at most the call's window waits here. The function's deadline covers the body:
/// a host that has not ended the body when the deadline (plus the kill grace) passes is killed.
/// </summary>
internal sealed class HostResponseBody : IResponseBody
{
    private readonly HostConnection _connection;
    private readonly InvokeCall _call;
    private readonly CancellationTokenSource _deadline;
    private readonly CancellationTokenRegistration _onDeadline;
    private readonly TimeSpan _timeout;
    private int _disposed;

    public HostResponseBody(HostConnection connection, InvokeCall call, ResponseHead head, CancellationTokenSource deadline, TimeSpan timeout, Func<ValueTask> kill)
    {
        _connection = connection;
        _call = call;
        _deadline = deadline;
        _timeout = timeout;
        Length = head.ContentLength >= 0 ? head.ContentLength : null;
        _onDeadline = deadline.Token.Register(() =>
        {
            if (!call.Ended)
            {
                // The handler ignored its deadline while streaming: the instance cannot be trusted to free itself.
                call.TimedOut = true;
                _ = kill().AsTask();
            }
        });
    }

    public long? Length { get; }

    public async ValueTask<BodyCopyResult> CopyToAsync(Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        if (Length > maxBytes)
        {
            return BodyCopyResult.TooLarge(0, maxBytes);
        }

        long copied = 0;
        while (true)
        {
            Frame frame;
            try
            {
                frame = await _call.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return BodyCopyResult.CallerGone(copied);
            }
            catch (System.Threading.Channels.ChannelClosedException ex)
            {
                // The connection ended before the body did (the host died, broke the protocol, or was killed at its deadline).
                return _call.TimedOut ? TimedOut(copied) : new BodyCopyResult(BodyCopyOutcome.InstanceFailed, copied,
                    $"the function's instance failed while sending the body: {ex.InnerException?.Message ?? "its connection closed"}");
            }

            using (frame)
            {
                if (frame.Type == FrameType.ResponseEnd)
                {
                    return Ended(frame, copied);
                }

                if (copied + frame.Length > maxBytes)
                {
                    return BodyCopyResult.TooLarge(copied, maxBytes);
                }

                try
                {
                    await destination.WriteAsync(frame.Payload, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
                {
                    return BodyCopyResult.CallerGone(copied);
                }

                copied += frame.Length;
                await _connection.ReturnWindowAsync(_call, frame.Length).ConfigureAwait(false);
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _onDeadline.Dispose();
        if (!_call.Ended)
        {
            // Not read to its end (too large, the caller went away): the host stops the handler, the instance stays.
            _connection.Cancel(_call.Id);
        }
        else
        {
            _call.Abandon();
        }

        _deadline.Dispose();
    }

    private BodyCopyResult Ended(Frame frame, long copied)
    {
        ResponseEnd end;
        try
        {
            end = ResponseEnd.Read(frame.Payload);
        }
        catch (ProtocolException ex)
        {
            return new BodyCopyResult(BodyCopyOutcome.InstanceFailed, copied, $"the instance sent an invalid end of body: {ex.Message}");
        }

        return end.Error switch
        {
            InvokeErrorKind.None => BodyCopyResult.Done(copied),
            InvokeErrorKind.Timeout => TimedOut(copied),
            InvokeErrorKind.HandlerException => new BodyCopyResult(BodyCopyOutcome.HandlerError, copied, end.ErrorMessage),
            _ => new BodyCopyResult(BodyCopyOutcome.InstanceFailed, copied, $"the instance failed: {end.ErrorMessage}"),
        };
    }

    private BodyCopyResult TimedOut(long copied) =>
        new(BodyCopyOutcome.Timeout, copied, $"the function did not finish its response within its timeout of {_timeout.TotalSeconds:0.###} s");
}
