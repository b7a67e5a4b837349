using System.Collections.Concurrent;
using Faas.Sdk.Protocol;

namespace Faas.Orchestrator.Instances;

/// <summary>
/// The orchestrator's end of one host's socket: requests are multiplexed by frame id, answers are matched by a
/// single reader loop that never waits for a consumer (a streamed body's pieces queue within the call's window).
/// The host runs handler code, so every frame it sends is checked: a frame larger than
/// <see cref="HostProtocol.MaxHostFramePayload"/>, of an unknown type, for an id that is not in progress, out of
/// order, or beyond its call's window is a protocol violation: the connection ends at once, every pending call
/// fails, and <see cref="Violation"/> says why (the instance is then killed).
/// </summary>
internal sealed class HostConnection : IAsyncDisposable
{
    private readonly FrameConnection _frames;
    private readonly ConcurrentDictionary<uint, PendingCall> _pending = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextId;

    /// <param name="stream">The connected socket.</param>
    /// <param name="maxPayload">The largest frame accepted from the peer: a host's, or the compiler worker's (assemblies).</param>
    public HostConnection(Stream stream, int maxPayload = HostProtocol.MaxHostFramePayload)
    {
        _frames = new FrameConnection(stream, maxPayload);
        _ = Task.Run(ReadLoopAsync);
    }

    /// <summary>Completes when the connection has broken or closed.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Why the connection was ended for breaking the protocol; null when it was not.</summary>
    public string? Violation { get; private set; }

    public uint NextId() => unchecked((uint)Interlocked.Increment(ref _nextId));

    /// <summary>
    /// Sends a request answered by one frame (load, warm-up, ping, compile) and returns the task of its answer (faulted with
    /// <see cref="HostConnectionLostException"/> if the connection breaks).
    /// </summary>
    public async ValueTask<Task<Frame>> SendAsync<TState>(
        FrameType type, uint id, TState state, FrameConnection.PayloadWriter<TState> write)
    {
        var call = new AnswerCall(AnswerCall.AnswerTo(type));
        Register(id, call);
        try
        {
            await _frames.SendAsync(type, id, state, write).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsConnectionError(ex))
        {
            Forget(id);
            throw new HostConnectionLostException($"cannot write to the host: {ex.Message}");
        }

        return call.Answer;
    }

    /// <summary>Sends an invocation: its head (with the body inline when small), then the rest of the body in pieces.</summary>
    public async ValueTask<InvokeCall> InvokeAsync(uint id, InvokeRequest head, ReadOnlyMemory<byte> body)
    {
        var call = new InvokeCall(id, head.Window);
        Register(id, call);
        try
        {
            var inline = body.Length <= HostProtocol.MaxInlineBody;
            var frame = head with { Body = inline ? body : ReadOnlyMemory<byte>.Empty, BodyLength = body.Length };
            await _frames.SendAsync(FrameType.Invoke, id, frame, static (w, r) => r.Write(w)).ConfigureAwait(false);
            for (var sent = inline ? body.Length : 0; sent < body.Length; sent += HostProtocol.ChunkSize)
            {
                await _frames.SendPayloadAsync(FrameType.RequestBody, id, body.Slice(sent, Math.Min(HostProtocol.ChunkSize, body.Length - sent)))
                    .ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (IsConnectionError(ex))
        {
            Forget(id);
            throw new HostConnectionLostException($"cannot write to the host: {ex.Message}");
        }

        return call;
    }

    /// <summary>The consumer passed <paramref name="bytes"/> of call <paramref name="call"/>'s body on: the host may send as many more.</summary>
    public async ValueTask ReturnWindowAsync(InvokeCall call, int bytes)
    {
        call.Return(bytes);
        try
        {
            await _frames.SendAsync(FrameType.Credit, call.Id, new CreditGrant(bytes), static (w, c) => c.Write(w)).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsConnectionError(ex))
        {
            // The host is gone; the reader loop fails the call.
        }
    }

    /// <summary>Stops waiting for <paramref name="id"/> and tells the host to cancel it; what still arrives for it is dropped.</summary>
    public void Cancel(uint id)
    {
        if (_pending.TryGetValue(id, out var call))
        {
            call.Abandon();
        }

        _ = SendCancelAsync(id);
    }

    public async ValueTask DisposeAsync()
    {
        await _frames.DisposeAsync().ConfigureAwait(false);
        await _closed.Task.ConfigureAwait(false);
    }

    private void Register(uint id, PendingCall call)
    {
        _pending[id] = call;
        if (_closed.Task.IsCompleted)
        {
            Forget(id);
            throw new HostConnectionLostException(Violation is { } violation
                ? $"the host broke the protocol: {violation}"
                : "the host's connection is closed");
        }
    }

    private void Forget(uint id)
    {
        if (_pending.TryRemove(id, out var call))
        {
            call.Abandon();
        }
    }

    private async Task SendCancelAsync(uint id)
    {
        try
        {
            await _frames.SendEmptyAsync(FrameType.Cancel, id).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsConnectionError(ex))
        {
            // The host is gone; nothing to cancel.
        }
    }

    private async Task ReadLoopAsync()
    {
        var reason = "the host closed its connection";
        try
        {
            while (await _frames.ReceiveAsync().ConfigureAwait(false) is { } frame)
            {
                if (Route(frame) is { } violation)
                {
                    Violation = violation;
                    reason = $"the host broke the protocol: {violation}";
                    break;
                }
            }
        }
        catch (ProtocolException ex)
        {
            Violation = ex.Message;
            reason = $"the host broke the protocol: {ex.Message}";
        }
        catch (Exception ex)
        {
            reason = $"the host's connection broke: {ex.Message}";
        }
        finally
        {
            if (Violation is not null)
            {
                // Stop reading from (and writing to) a host that broke the protocol: whatever else it sends is ignored.
                await _frames.DisposeAsync().ConfigureAwait(false);
            }

            _closed.TrySetResult();
            foreach (var id in _pending.Keys)
            {
                if (_pending.TryRemove(id, out var call))
                {
                    call.Fail(new HostConnectionLostException(reason));
                }
            }
        }
    }

    /// <summary>Hands <paramref name="frame"/> to its call; returns why it breaks the protocol, or null.</summary>
    private string? Route(Frame frame)
    {
        if (!Enum.IsDefined(frame.Type))
        {
            frame.Dispose();
            return $"a frame of unknown type {(byte)frame.Type}";
        }

        if (!_pending.TryGetValue(frame.Id, out var call))
        {
            var type = frame.Type;
            frame.Dispose();
            return $"a {type} frame for call {frame.Id}, which is not in progress";
        }

        var violation = call.Accept(frame, out var finished);
        if (finished)
        {
            _pending.TryRemove(new KeyValuePair<uint, PendingCall>(frame.Id, call));
        }

        return violation;
    }

    private static bool IsConnectionError(Exception ex) => ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException;
}

/// <summary>The host's connection broke: the instance is dead or dying.</summary>
internal sealed class HostConnectionLostException(string message) : Exception(message);
