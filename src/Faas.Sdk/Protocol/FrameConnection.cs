using System.Buffers;
using System.Buffers.Binary;

namespace Faas.Sdk.Protocol;

/// <summary>
/// Length-prefixed frames over a stream: <c>u32 payload length | u8 type | u32 id | payload</c>,
/// little-endian. Sends are serialized by a lock so many invocations can share one connection, each frame in one
/// write; receives must come from a single reader loop, which reads ahead into a buffer so that one read returns
/// as many frames as have arrived (one system call per batch of frames, not two per frame). Each side sets the largest payload it accepts: the host takes
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
    /// <summary>Bytes read ahead of the frame being parsed.</summary>
    public const int ReadAheadSize = 16 * 1024;

    private readonly byte[] _rawHeader = new byte[HeaderSize];
    private byte[]? _readAhead;
    private int _readStart;
    private int _readEnd;
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
        _readAhead ??= new byte[ReadAheadSize];
        if (!await BufferAsync(HeaderSize, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var header = _readAhead.AsSpan(_readStart, HeaderSize);
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        var type = (FrameType)header[4];
        var id = BinaryPrimitives.ReadUInt32LittleEndian(header[5..]);
        if (length < 0 || length > _maxPayload)
        {
            throw new ProtocolException($"frame payload of {length} bytes is out of range");
        }

        _readStart += HeaderSize;
        var buffer = length == 0 ? [] : ArrayPool<byte>.Shared.Rent(length);
        var frame = new Frame(type, id, buffer, length);
        try
        {
            if (length <= ReadAheadSize - HeaderSize)
            {
                if (!await BufferAsync(length, cancellationToken).ConfigureAwait(false))
                {
                    throw new ProtocolException("connection closed in the middle of a frame");
                }

                _readAhead.AsSpan(_readStart, length).CopyTo(buffer);
                _readStart += length;
            }
            else
            {
                // A large frame (a handler's assembly): what was read ahead, then the rest straight into the frame.
                var buffered = _readEnd - _readStart;
                _readAhead.AsSpan(_readStart, buffered).CopyTo(buffer);
                _readStart = _readEnd = 0;
                if (!await FillAsync(buffer.AsMemory(buffered, length - buffered), cancellationToken).ConfigureAwait(false))
                {
                    throw new ProtocolException("connection closed in the middle of a frame");
                }
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

    /// <summary>
    /// Makes at least <paramref name="count"/> bytes (at most <see cref="ReadAheadSize"/>) available at
    /// <see cref="_readStart"/>, reading as much as the stream has; false when it ended before any of them (an error
    /// when it ended after some).
    /// </summary>
    private async ValueTask<bool> BufferAsync(int count, CancellationToken cancellationToken)
    {
        var buffer = _readAhead!;
        if (_readEnd - _readStart >= count)
        {
            return true;
        }

        if (buffer.Length - _readStart < count)
        {
            buffer.AsSpan(_readStart, _readEnd - _readStart).CopyTo(buffer);
            _readEnd -= _readStart;
            _readStart = 0;
        }

        var started = _readEnd - _readStart;
        while (_readEnd - _readStart < count)
        {
            var n = await _stream.ReadAsync(buffer.AsMemory(_readEnd), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                if (_readEnd - _readStart == 0 && started == 0)
                {
                    return false;
                }

                throw new ProtocolException("connection closed in the middle of a frame");
            }

            _readEnd += n;
        }

        return true;
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
