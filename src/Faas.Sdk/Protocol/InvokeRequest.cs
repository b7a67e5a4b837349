namespace Faas.Sdk.Protocol;

/// <summary>Payload of <see cref="FrameType.Invoke"/>.</summary>
public sealed record InvokeRequest(
    string Method,
    string Path,
    IReadOnlyCollection<KeyValuePair<string, string>> Query,
    IReadOnlyCollection<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body,
    int DeadlineMilliseconds,
    string RequestId)
{
    public void Write(ProtocolWriter writer)
    {
        writer.WriteString(Method);
        writer.WriteString(Path);
        writer.WritePairs(Query);
        writer.WritePairs(Headers);
        writer.WriteInt32(DeadlineMilliseconds);
        writer.WriteString(RequestId);
        writer.WriteBytes(Body.Span);
    }

    /// <summary>Decodes a payload; <see cref="Body"/> is a slice of <paramref name="payload"/>, not a copy.</summary>
    public static InvokeRequest Read(ReadOnlyMemory<byte> payload)
    {
        var reader = new ProtocolReader(payload.Span);
        var method = reader.ReadString();
        var path = reader.ReadString();
        var query = reader.ReadPairs();
        var headers = reader.ReadPairs();
        var deadline = reader.ReadInt32();
        var requestId = reader.ReadString();
        var (offset, length) = reader.ReadBytesRange();
        return new(method, path, query, headers, payload.Slice(offset, length), deadline, requestId);
    }
}
