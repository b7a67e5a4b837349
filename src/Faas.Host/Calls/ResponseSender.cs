using System.Buffers;
using Faas.Host.Handlers;
using Faas.Sdk.Protocol;

namespace Faas.Host.Calls;

/// <summary>
/// Sends a call's answer: one <c>Result</c> frame for a failure or a body that fits in one piece; otherwise
/// <c>ResponseStart</c>, the body in pieces of at most <see cref="HostProtocol.ChunkSize"/> bytes within the
/// call's window, and <c>ResponseEnd</c>. A streamed body is read piece by piece and each piece is sent as soon
/// as it is read. Every call ends with exactly one <c>Result</c> or one <c>ResponseEnd</c>.
/// </summary>
internal static class ResponseSender
{
    public static async Task SendAsync(FrameConnection connection, HostCall call, HandlerResponse response)
    {
        if (response.Error == InvokeErrorKind.None && HostProtocol.HeaderBytes(response.Headers) > HostProtocol.MaxHeaderBytes)
        {
            await DisposeQuietlyAsync(response.BodyStream).ConfigureAwait(false);
            response = HandlerResponse.Failure(InvokeErrorKind.HostError,
                $"the handler's response headers are larger than the limit of {HostProtocol.MaxHeaderBytes} bytes");
        }

        if (response.Error != InvokeErrorKind.None)
        {
            await SendResultAsync(connection, call.Id, InvokeResult.Failure(response.Error, response.ErrorMessage)).ConfigureAwait(false);
            return;
        }

        if (response.BodyStream is { } stream)
        {
            await SendStreamAsync(connection, call, response, stream).ConfigureAwait(false);
            return;
        }

        if (response.Body.Length <= HostProtocol.ChunkSize)
        {
            await SendResultAsync(connection, call.Id, Success(response, response.Body)).ConfigureAwait(false);
            return;
        }

        await StartAsync(connection, call.Id, response, response.Body.Length).ConfigureAwait(false);
        var end = ResponseEnd.Complete;
        try
        {
            for (var sent = 0; sent < response.Body.Length; sent += HostProtocol.ChunkSize)
            {
                await SendPieceAsync(connection, call, response.Body.Slice(sent, Math.Min(HostProtocol.ChunkSize, response.Body.Length - sent)))
                    .ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (call.Cancellation.IsCancellationRequested)
        {
            end = Stopped(call);
        }

        await EndAsync(connection, call.Id, end).ConfigureAwait(false);
    }

    private static async Task SendStreamAsync(FrameConnection connection, HostCall call, HandlerResponse response, Stream stream)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(HostProtocol.ChunkSize);
        var started = false;
        ResponseEnd end;
        try
        {
            var token = call.Cancellation.Token;
            var known = KnownLength(stream);
            var read = await stream.ReadAsync(buffer.AsMemory(0, HostProtocol.ChunkSize), token).ConfigureAwait(false);
            if (read == 0 || (known == read && read <= HostProtocol.ChunkSize))
            {
                await SendResultAsync(connection, call.Id, Success(response, buffer.AsMemory(0, read))).ConfigureAwait(false);
                return;
            }

            await StartAsync(connection, call.Id, response, known ?? -1).ConfigureAwait(false);
            started = true;
            while (read > 0)
            {
                await SendPieceAsync(connection, call, buffer.AsMemory(0, read)).ConfigureAwait(false);
                read = await stream.ReadAsync(buffer.AsMemory(0, HostProtocol.ChunkSize), token).ConfigureAwait(false);
            }

            end = ResponseEnd.Complete;
        }
        catch (OperationCanceledException) when (call.Cancellation.IsCancellationRequested)
        {
            end = Stopped(call);
        }
        catch (Exception ex)
        {
            // The handler's stream failed (or the connection did: then the answer below fails to send too).
            end = new ResponseEnd(InvokeErrorKind.HandlerException, HostProtocol.Truncate($"{ex.GetType().FullName}: {ex.Message}"));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            await DisposeQuietlyAsync(stream).ConfigureAwait(false);
        }

        if (started)
        {
            await EndAsync(connection, call.Id, end).ConfigureAwait(false);
        }
        else
        {
            await SendResultAsync(connection, call.Id, InvokeResult.Failure(end.Error, end.ErrorMessage)).ConfigureAwait(false);
        }
    }

    private static ResponseEnd Stopped(HostCall call) => call.CancelledByPlatform
        ? new ResponseEnd(InvokeErrorKind.Cancelled, "the platform cancelled the call")
        : new ResponseEnd(InvokeErrorKind.Timeout, "the handler was cancelled at its deadline");

    private static long? KnownLength(Stream stream)
    {
        try
        {
            return stream.CanSeek ? Math.Max(0, stream.Length - stream.Position) : null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    private static async Task SendPieceAsync(FrameConnection connection, HostCall call, ReadOnlyMemory<byte> piece)
    {
        while (!piece.IsEmpty)
        {
            var allowed = await call.Window.TakeAsync(piece.Length, call.Cancellation.Token).ConfigureAwait(false);
            await connection.SendPayloadAsync(FrameType.ResponseBody, call.Id, piece[..allowed]).ConfigureAwait(false);
            piece = piece[allowed..];
        }
    }

    private static InvokeResult Success(HandlerResponse response, ReadOnlyMemory<byte> body) =>
        new(response.StatusCode, InvokeErrorKind.None, "", response.Headers, body);

    private static ValueTask SendResultAsync(FrameConnection connection, uint id, InvokeResult result) =>
        connection.SendAsync(FrameType.Result, id, result, static (w, r) => r.Write(w));

    private static ValueTask StartAsync(FrameConnection connection, uint id, HandlerResponse response, long length) =>
        connection.SendAsync(FrameType.ResponseStart, id, new ResponseHead(response.StatusCode, response.Headers, length), static (w, h) => h.Write(w));

    private static ValueTask EndAsync(FrameConnection connection, uint id, ResponseEnd end) =>
        connection.SendAsync(FrameType.ResponseEnd, id, end, static (w, e) => e.Write(w));

    private static async ValueTask DisposeQuietlyAsync(Stream? stream)
    {
        if (stream is null)
        {
            return;
        }

        try
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The handler's stream failed to close; the answer is already decided.
        }
    }
}
