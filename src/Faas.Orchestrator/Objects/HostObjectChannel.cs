using System.Buffers;
using Faas.Sdk.Protocol;

namespace Faas.Orchestrator.Objects;

/// <summary>
/// Serves a host's object requests (<see cref="FrameType.ObjectRequest"/>, in the host's own id space) for the one
/// function the instance runs, named by the platform when it loads the handler (<see cref="Serve"/>): a handler never
/// names a function, so it reaches only its own. Until then (a stem cell, the compiler worker) every request is
/// answered <see cref="ObjectStatus.Unavailable"/>. A write's content is staged as it arrives, frame by frame (the
/// reader loop waits for the disk, which holds the host back): never more than a piece in memory. Breaking the
/// rules (data for no write, too many writes at once, malformed requests) is a protocol violation.
/// </summary>
internal sealed class HostObjectChannel(FrameConnection frames)
{
    /// <summary>Object calls one instance may have in progress at once (the SDK keeps to fewer).</summary>
    public const int MaxCalls = 16;

    private readonly Dictionary<uint, PendingWrite> _writes = [];
    private IObjectService? _service;
    private ObjectScope? _scope;
    private int _reads;

    /// <summary>From now on, requests reach <paramref name="scope"/>'s objects.</summary>
    public void Serve(IObjectService service, ObjectScope scope)
    {
        _scope = scope;
        _service = service;
    }

    public static bool Handles(FrameType type) => type is FrameType.ObjectRequest or FrameType.ObjectData or FrameType.Cancel;

    /// <summary>Takes a frame the host sent (the reader loop's; disposes it); returns why it breaks the protocol, or null.</summary>
    public async ValueTask<string?> AcceptAsync(Frame frame)
    {
        using (frame)
        {
            return frame.Type switch
            {
                FrameType.ObjectRequest => await RequestAsync(frame).ConfigureAwait(false),
                FrameType.ObjectData => await DataAsync(frame).ConfigureAwait(false),
                _ => await CancelAsync(frame.Id).ConfigureAwait(false),
            };
        }
    }

    /// <summary>The connection ended: staged writes are dropped.</summary>
    public async ValueTask CloseAsync()
    {
        foreach (var write in _writes.Values)
        {
            if (write.Staging is { } staging)
            {
                await staging.DisposeAsync().ConfigureAwait(false);
            }
        }

        _writes.Clear();
    }

    private async ValueTask<string?> RequestAsync(Frame frame)
    {
        ObjectRequest request;
        try
        {
            request = ObjectRequest.Read(frame.Payload);
        }
        catch (ProtocolException ex)
        {
            return "a malformed object request: " + ex.Message;
        }

        var id = frame.Id;
        if (_writes.ContainsKey(id))
        {
            return $"object request {id} reuses the id of a write in progress";
        }

        if (request.Operation != ObjectOperation.Write)
        {
            if (_service is not { } service || _scope is not { } scope || Volatile.Read(ref _reads) >= MaxCalls)
            {
                Answer(id, ObjectResult.Failure(ObjectStatus.Unavailable, _service is null
                    ? "this instance serves no function's objects" : "too many object calls at once"));
                return null;
            }

            Interlocked.Increment(ref _reads);
            _ = Task.Run(() => ServeReadAsync(service, scope, id, request));
            return null;
        }

        if (_writes.Count >= MaxCalls)
        {
            return $"more than {MaxCalls} object writes at once";
        }

        if (_service is null || _scope is null)
        {
            Discard(id, ObjectResult.Failure(ObjectStatus.Unavailable, "this instance serves no function's objects"));
            return null;
        }

        var begun = await _service.BeginWriteAsync(_scope, request.Name).ConfigureAwait(false);
        if (begun.Value is not { } staging)
        {
            Discard(id, ObjectResult.Failure(Status(begun.Outcome), begun.Message));
            return null;
        }

        _writes[id] = new PendingWrite(request.Name, staging);
        return null;
    }

    private async ValueTask<string?> DataAsync(Frame frame)
    {
        if (!_writes.TryGetValue(frame.Id, out var write))
        {
            return $"object data for {frame.Id}, which is no write in progress";
        }

        if (frame.Length == 0)
        {
            _writes.Remove(frame.Id);
            if (write.Staging is { } complete)
            {
                var staged = await complete.CompleteAsync().ConfigureAwait(false);
                await complete.DisposeAsync().ConfigureAwait(false);
                _ = Task.Run(() => CommitAsync(frame.Id, write.Name, staged));
            }

            return null;
        }

        if (write.Staging is { } staging && !await TryStageAsync(staging, frame.Payload).ConfigureAwait(false))
        {
            // Too large: answer now (the host stops sending) and drop the rest until its end piece.
            await staging.DisposeAsync().ConfigureAwait(false);
            _writes[frame.Id] = write with { Staging = null };
            Answer(frame.Id, ObjectResult.Failure(ObjectStatus.TooLarge, _service!.TooLargeMessage));
        }

        return null;
    }

    private static async ValueTask<bool> TryStageAsync(ObjectStaging staging, ReadOnlyMemory<byte> piece)
    {
        try
        {
            return await staging.WriteAsync(piece).ConfigureAwait(false);
        }
        catch (IOException)
        {
            return false; // The disk is full: refused like an object too large for it.
        }
    }

    /// <summary>The host gave up on a write (its content failed, or the handler cancelled): what was staged is dropped.</summary>
    private async ValueTask<string?> CancelAsync(uint id)
    {
        if (_writes.Remove(id, out var write) && write.Staging is { } staging)
        {
            await staging.DisposeAsync().ConfigureAwait(false);
        }

        return null;
    }

    private void Discard(uint id, ObjectResult answer)
    {
        _writes[id] = new PendingWrite("", null);
        Answer(id, answer);
    }

    private async Task CommitAsync(uint id, string name, StagedObject staged)
    {
        ObjectCallResult<ObjectInfo> result;
        try
        {
            result = await _service!.CommitAsync(_scope!, name, staged).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            result = ObjectCallResult<ObjectInfo>.Fail(ObjectOutcome.FunctionNotFound, "the platform could not store the object");
        }

        await SendAsync(id, result.Value is { } info
            ? new ObjectResult(ObjectStatus.Ok, "", [Entry(info)])
            : ObjectResult.Failure(Status(result.Outcome), result.Message)).ConfigureAwait(false);
    }

    private async Task ServeReadAsync(IObjectService service, ObjectScope scope, uint id, ObjectRequest request)
    {
        try
        {
            if (request.Operation == ObjectOperation.List)
            {
                var listed = await service.ListAsync(scope).ConfigureAwait(false);
                await SendAsync(id, listed.Value is { } objects
                    ? new ObjectResult(ObjectStatus.Ok, "", objects.Select(Entry).ToList())
                    : ObjectResult.Failure(Status(listed.Outcome), listed.Message)).ConfigureAwait(false);
                return;
            }

            var opened = await service.OpenAsync(scope, request.Name).ConfigureAwait(false);
            if (opened.Value is not { } content)
            {
                await SendAsync(id, ObjectResult.Failure(Status(opened.Outcome), opened.Message)).ConfigureAwait(false);
                return;
            }

            await using (content.ConfigureAwait(false))
            {
                await SendContentAsync(id, content).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // The host is gone (or the content vanished): nothing to answer to.
        }
        finally
        {
            Interlocked.Decrement(ref _reads);
        }
    }

    /// <summary>The result announcing the length, then exactly that many bytes in pieces (never the whole object in memory).</summary>
    private async Task SendContentAsync(uint id, ObjectContent content)
    {
        var length = content.Info.Size;
        await frames.SendAsync(FrameType.ObjectResult, id, new ObjectResult(ObjectStatus.Ok, "", [Entry(content.Info)], length),
            static (w, r) => r.Write(w)).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(HostProtocol.ChunkSize);
        try
        {
            for (long sent = 0; sent < length;)
            {
                var read = await content.Content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(HostProtocol.ChunkSize, length - sent))).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException($"object '{content.Info.Name}' ended before its {length} bytes");
                }

                await frames.SendPayloadAsync(FrameType.ObjectData, id, buffer.AsMemory(0, read)).ConfigureAwait(false);
                sent += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Answer(uint id, ObjectResult result) => _ = SendAsync(id, result);

    private async Task SendAsync(uint id, ObjectResult result)
    {
        try
        {
            await frames.SendAsync(FrameType.ObjectResult, id, result, static (w, r) => r.Write(w)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // The host is gone.
        }
    }

    private static ObjectEntry Entry(ObjectInfo info) => new(info.Name, info.Size, info.Sha256, info.UpdatedAt.ToUnixTimeMilliseconds());

    private static ObjectStatus Status(ObjectOutcome outcome) => outcome switch
    {
        ObjectOutcome.ObjectNotFound => ObjectStatus.NotFound,
        ObjectOutcome.InvalidName => ObjectStatus.InvalidName,
        ObjectOutcome.TooLarge => ObjectStatus.TooLarge,
        ObjectOutcome.QuotaExceeded => ObjectStatus.QuotaExceeded,
        _ => ObjectStatus.Unavailable,
    };

    /// <summary>A write in progress; no staging when it was refused and its remaining content is dropped.</summary>
    private sealed record PendingWrite(string Name, ObjectStaging? Staging);
}
