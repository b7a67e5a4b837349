using System.Buffers;

namespace Faas.Sdk.Protocol;

/// <summary>
/// One received frame. The payload lives in a pooled buffer: dispose the frame when done with it
/// (and with anything sliced from <see cref="Payload"/>).
/// </summary>
public sealed class Frame : IDisposable
{
    private byte[]? _buffer;

    internal Frame(FrameType type, uint id, byte[] buffer, int length)
    {
        Type = type;
        Id = id;
        _buffer = buffer;
        Length = length;
    }

    public FrameType Type { get; }

    public uint Id { get; }

    public int Length { get; }

    public ReadOnlyMemory<byte> Payload => _buffer is null
        ? throw new ObjectDisposedException(nameof(Frame))
        : _buffer.AsMemory(0, Length);

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null && buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
