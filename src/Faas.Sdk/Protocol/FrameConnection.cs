using System.Buffers;
using System.Buffers.Binary;

namespace Faas.Sdk.Protocol;

/// <summary>
/// Length-prefixed frames over a stream: <c>u32 payload length | u8 type | u32 id | payload</c>,
/// little-endian. Sends are serialized by a lock so many invocations can share one connection;
/// receives must come from a single reader loop.
/// </summary>
public sealed class FrameConnection : IAsyncDisposable
{
    public const int HeaderSize = 9;

    /// <summary>Largest payload accepted; a bigger length prefix is a protocol error, not an allocation.</summary>
    public const int MaxPayload = 256 * 1024 * 1024;

    public delegate void PayloadWriter<in TState>(ProtocolWriter writer, TState state);

    private readonly Stream _stream;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly byte[] _header = new byte[HeaderSize];

    public FrameConnection(Stream stream) => _stream = stream;

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
        if (length < 0 || length > MaxPayload)
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
