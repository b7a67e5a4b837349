using System.Buffers;
using System.Collections.Concurrent;
using Faas.Sdk;
using Faas.Sdk.Protocol;

namespace Faas.Host.Objects;

/// <summary>
/// <see cref="IFunctionObjects"/> over the host's connection: each call is an <see cref="FrameType.ObjectRequest"/> in the
/// host's own id space, answered by an <see cref="FrameType.ObjectResult"/> (and a read's content in
/// <see cref="FrameType.ObjectData"/> frames). A write sends its content in pieces as it reads it, never whole. The
/// orchestrator decides which function's objects these are: the host never names one.
/// </summary>
internal sealed class HostObjects(FrameConnection connection) : IFunctionObjects
{
    /// <summary>Object calls in progress at once (the orchestrator allows a few more before it calls it abuse).</summary>
    public const int MaxCalls = 8;

    private readonly ConcurrentDictionary<uint, PendingObjectCall> _pending = new();
    private readonly SemaphoreSlim _calls = new(MaxCalls, MaxCalls);
    private int _nextId;

    public async Task<Stream?> ReadAsync(string name, CancellationToken cancellationToken = default) =>
        await ReadAllBytesAsync(name, cancellationToken).ConfigureAwait(false) is { } bytes ? new MemoryStream(bytes, writable: false) : null;

    public async Task<byte[]?> ReadAllBytesAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var (result, content) = await CallAsync(new ObjectRequest(ObjectOperation.Read, name), null, cancellationToken).ConfigureAwait(false);
        return result.Status == ObjectStatus.NotFound ? null : Check(result) is null ? content : null;
    }

    public Task<FunctionObject> WriteAsync(string name, byte[] content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return WriteAsync(name, new MemoryStream(content, writable: false), cancellationToken);
    }

    public async Task<FunctionObject> WriteAsync(string name, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(content);
        var (result, _) = await CallAsync(new ObjectRequest(ObjectOperation.Write, name), content, cancellationToken).ConfigureAwait(false);
        Check(result);
        return result.Objects.Count == 1 ? ToObject(result.Objects[0]) : throw new IOException("the platform's answer to a write names no object");
    }

    public async Task<IReadOnlyList<FunctionObject>> ListAsync(CancellationToken cancellationToken = default)
    {
        var (result, _) = await CallAsync(new ObjectRequest(ObjectOperation.List, ""), null, cancellationToken).ConfigureAwait(false);
        Check(result);
        return result.Objects.Select(ToObject).ToList();
    }

    /// <summary>Routes an <see cref="FrameType.ObjectResult"/> or <see cref="FrameType.ObjectData"/> frame (the reader loop's; it disposes the frame).</summary>
    public void Accept(Frame frame)
    {
        if (!_pending.TryGetValue(frame.Id, out var call))
        {
            return; // A call its handler gave up on.
        }

        try
        {
            if (frame.Type == FrameType.ObjectResult)
            {
                call.Accept(ObjectResult.Read(frame.Payload));
            }
            else
            {
                call.AcceptContent(frame.Payload.Span);
            }
        }
        catch (ProtocolException ex)
        {
            call.Fail(new IOException("the platform's object answer is malformed: " + ex.Message, ex));
        }
    }

    /// <summary>The connection is gone: every waiting call fails.</summary>
    public void FailAll()
    {
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var call))
            {
                call.Fail(new FunctionObjectException(FunctionObjectError.Unavailable, "the instance lost its connection to the platform"));
            }
        }
    }

    private async Task<(ObjectResult Result, byte[] Content)> CallAsync(ObjectRequest request, Stream? content, CancellationToken cancellationToken)
    {
        await _calls.WaitAsync(cancellationToken).ConfigureAwait(false);
        var id = unchecked((uint)Interlocked.Increment(ref _nextId));
        var call = new PendingObjectCall();
        _pending[id] = call;
        try
        {
            await connection.SendAsync(FrameType.ObjectRequest, id, request, static (w, r) => r.Write(w), cancellationToken).ConfigureAwait(false);
            if (content is not null)
            {
                await SendContentAsync(id, call, content, cancellationToken).ConfigureAwait(false);
            }

            return await call.Answer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
            _calls.Release();
        }
    }

    /// <summary>
    /// The write's content in pieces, stopping early once the platform has answered (a refusal), then the empty end
    /// piece; when reading the content fails or the call is cancelled, a <see cref="FrameType.Cancel"/> instead, so the
    /// platform drops what it staged rather than storing part of it.
    /// </summary>
    private async Task SendContentAsync(uint id, PendingObjectCall call, Stream content, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(HostProtocol.ChunkSize);
        var complete = false;
        try
        {
            while (!call.Answered)
            {
                var read = await content.ReadAsync(buffer.AsMemory(0, HostProtocol.ChunkSize), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                await connection.SendPayloadAsync(FrameType.ObjectData, id, buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            complete = true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (complete)
            {
                await connection.SendPayloadAsync(FrameType.ObjectData, id, ReadOnlyMemory<byte>.Empty, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await connection.SendEmptyAsync(FrameType.Cancel, id, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static ObjectResult? Check(ObjectResult result) => result.Status switch
    {
        ObjectStatus.Ok => null,
        ObjectStatus.NotFound => throw new FunctionObjectException(FunctionObjectError.Unavailable, result.Message),
        ObjectStatus.InvalidName => throw new FunctionObjectException(FunctionObjectError.InvalidName, result.Message),
        ObjectStatus.TooLarge => throw new FunctionObjectException(FunctionObjectError.TooLarge, result.Message),
        ObjectStatus.QuotaExceeded => throw new FunctionObjectException(FunctionObjectError.QuotaExceeded, result.Message),
        _ => throw new FunctionObjectException(FunctionObjectError.Unavailable, result.Message),
    };

    private static FunctionObject ToObject(ObjectEntry entry) =>
        new(entry.Name, entry.Size, entry.Sha256, DateTimeOffset.FromUnixTimeMilliseconds(entry.UpdatedAtUnixMilliseconds));
}
