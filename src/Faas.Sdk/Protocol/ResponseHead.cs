namespace Faas.Sdk.Protocol;

/// <summary>Payload of <see cref="FrameType.ResponseStart"/>: status and headers of a streamed answer, and its length when known (else -1).</summary>
public sealed record ResponseHead(int StatusCode, IReadOnlyCollection<KeyValuePair<string, string>> Headers, long ContentLength)
{
    public void Write(ProtocolWriter writer)
    {
        writer.WriteUInt16((ushort)StatusCode);
        writer.WritePairs(Headers);
        writer.WriteInt64(ContentLength);
    }

    public static ResponseHead Read(ReadOnlyMemory<byte> payload)
    {
        var reader = new ProtocolReader(payload.Span);
        var status = reader.ReadUInt16();
        var headers = reader.ReadPairs();
        var length = reader.ReadInt64();
        if (length < -1)
        {
            throw new ProtocolException($"content length {length} is out of range");
        }

        return new(status, headers, length);
    }
}
