using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Faas.Sdk.Protocol;

/// <summary>Writes protocol primitives (little-endian integers, length-prefixed UTF-8 and bytes).</summary>
public readonly ref struct ProtocolWriter
{
    private readonly IBufferWriter<byte> _output;

    public ProtocolWriter(IBufferWriter<byte> output) => _output = output;

    public void WriteByte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_output.GetSpan(2), value);
        _output.Advance(2);
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_output.GetSpan(4), value);
        _output.Advance(4);
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_output.GetSpan(8), value);
        _output.Advance(8);
    }

    public void WriteString(string? value)
    {
        value ??= "";
        var byteCount = Encoding.UTF8.GetByteCount(value);
        WriteInt32(byteCount);
        var span = _output.GetSpan(byteCount);
        Encoding.UTF8.GetBytes(value, span);
        _output.Advance(byteCount);
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteInt32(value.Length);
        value.CopyTo(_output.GetSpan(value.Length));
        _output.Advance(value.Length);
    }

    public void WritePairs(IReadOnlyCollection<KeyValuePair<string, string>> pairs)
    {
        WriteInt32(pairs.Count);
        foreach (var (key, value) in pairs)
        {
            WriteString(key);
            WriteString(value);
        }
    }
}
