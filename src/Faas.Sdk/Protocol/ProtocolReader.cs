using System.Buffers.Binary;
using System.Text;

namespace Faas.Sdk.Protocol;

/// <summary>Reads what <see cref="ProtocolWriter"/> wrote; throws <see cref="ProtocolException"/> on truncated input.</summary>
public ref struct ProtocolReader
{
    private readonly ReadOnlySpan<byte> _input;
    private int _position;

    public ProtocolReader(ReadOnlySpan<byte> input)
    {
        _input = input;
        _position = 0;
    }

    public readonly int Position => _position;

    public byte ReadByte() => Take(1)[0];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public string ReadString() => Encoding.UTF8.GetString(Take(ReadLength()));

    /// <summary>Returns the offset and length of a byte field, so callers can slice without copying.</summary>
    public (int Offset, int Length) ReadBytesRange()
    {
        var length = ReadLength();
        var offset = _position;
        Take(length);
        return (offset, length);
    }

    public List<KeyValuePair<string, string>> ReadPairs()
    {
        var count = ReadLength();
        var pairs = new List<KeyValuePair<string, string>>(Math.Min(count, 256));
        for (var i = 0; i < count; i++)
        {
            pairs.Add(new(ReadString(), ReadString()));
        }

        return pairs;
    }

    private int ReadLength()
    {
        var length = ReadInt32();
        if (length < 0 || length > _input.Length - _position)
        {
            throw new ProtocolException($"field length {length} exceeds the frame");
        }

        return length;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _input.Length - _position)
        {
            throw new ProtocolException("frame is truncated");
        }

        var span = _input.Slice(_position, count);
        _position += count;
        return span;
    }
}
