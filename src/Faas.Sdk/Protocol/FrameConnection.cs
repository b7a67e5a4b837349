using System.Buffers;
using System.Buffers.Binary;

namespace Faas.Sdk.Protocol;

/// <summary>
/// Length-prefixed frames over a stream: <c>u32 payload length | u8 type | u32 id | payload</c>,
/// little-endian. Sends are serialized by a lock so many invocations can share one connection;
/// receives must come from a single reader loop. Each side sets the largest payload it accepts: the host takes
/// large <see cref="FrameType.Load"/> frames from the orchestrator, the orchestrator takes at most
/// <see cref="HostProtocol.MaxHostFramePayload"/> from a host.
/// </summary>
public sealed class FrameConnection : IAsyncDisposable
{
    public const int HeaderSize = 9;

    /// <summary>Largest payload accepted by default; a bigger length prefix is a protocol error, not an allocation.</summary>
    public const int MaxPayload = 256 * 1024 * 1024;

    public delegate void PayloadWriter<in TState>(ProtocolWriter writer, TState state);

    private readonly Stream _stream;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly byte[] _header = new byte[HeaderSize];
    private readonly byte[] _rawHeader = new byte[HeaderSize];
    private readonly int _maxPayload;

    public FrameConnection(Stream stream, int maxPayload = MaxPayload)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPayload);
        _stream = stream;
        _maxPayload = maxPayload;
    }

    /// <summary>The largest payload <see cref="ReceiveAsync"/> accepts.</summary>
    public int MaxReceivePayload => _maxPayload;

    public async ValueTask SendAsync<TState>(
        FrameType type, uint id, TState state, PayloadWriter<TState> write, CancellationToken cancellationToken = default)
    {
        using var buffer = new PooledBufferWriter();
        buffer.Advance(HeaderSize);
        write(new ProtocolWriter(buffer), state);
        var frame = buffer.GetSpanForHeader();
        BinaryPrimitives.WriteInt32LittleEndian(frame, buffer.WrittenCount - HeaderSize);
        frame[4] = (byte)type;
        BinaryPrimitives.WriteUInt32LittleEndian(frame[5..], id);
        await SendRawAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask SendEmptyAsync(FrameType type, uint id, CancellationToken cancellationToken = default) =>
        SendAsync<object?>(type, id, null, static (_, _) => { }, cancellationToken);

    /// <summary>Sends <paramref name="payload"/> as it is (a body chunk), without copying it into a frame buffer first.</summary>
    public async ValueTask SendPayloadAsync(FrameType type, uint id, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            BinaryPrimitives.WriteInt32LittleEndian(_rawHeader, payload.Length);
            _rawHeader[4] = (byte)type;
            BinaryPrimitives.WriteUInt32LittleEndian(_rawHeader.AsSpan(5), id);
            await _stream.WriteAsync(_rawHeader, CancellationToken.None).ConfigureAwait(false);
            if (!payload.IsEmpty)
            {
                await _stream.WriteAsync(payload, CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Reads the next frame, or returns null when the peer closed the connection cleanly.</summary>
    public async ValueTask<Frame?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        if (!await FillAsync(_header, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(_header);
        var type = (FrameType)_header[4];
        var id = BinaryPrimitives.ReadUInt32LittleEndian(_header.AsSpan(5));
        if (length < 0 || length > _maxPayload)
        {
            throw new ProtocolException($"frame payload of {length} bytes is out of range");
        }

        var buffer = length == 0 ? [] : ArrayPool<byte>.Shared.Rent(length);
        var frame = new Frame(type, id, buffer, length);
        try
        {
            if (length > 0 && !await FillAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false))
            {
                throw new ProtocolException("connection closed in the middle of a frame");
            }
        }
        catch
        {
            frame.Dispose();
            throw;
        }

        return frame;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _sendLock.Dispose();
    }

    private async ValueTask SendRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(bytes, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async ValueTask<bool> FillAsync(Memory<byte> target, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < target.Length)
        {
            var n = await _stream.ReadAsync(target[read..], cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                if (read == 0)
                {
                    return false;
                }

                throw new ProtocolException("connection closed in the middle of a frame");
            }

            read += n;
        }

        return true;
    }
}
