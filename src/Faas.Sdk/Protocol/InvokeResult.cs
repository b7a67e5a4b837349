namespace Faas.Sdk.Protocol;

/// <summary>Payload of <see cref="FrameType.Result"/>.</summary>
public sealed record InvokeResult(
    int StatusCode,
    InvokeErrorKind Error,
    string ErrorMessage,
    IReadOnlyCollection<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body)
{
    public static InvokeResult Failure(InvokeErrorKind error, string message) =>
        new(0, error, message, [], ReadOnlyMemory<byte>.Empty);

    public void Write(ProtocolWriter writer)
    {
        writer.WriteUInt16((ushort)StatusCode);
        writer.WriteByte((byte)Error);
        writer.WriteString(ErrorMessage);
        writer.WritePairs(Headers);
        writer.WriteBytes(Body.Span);
    }

    /// <summary>Decodes a payload; <see cref="Body"/> is a slice of <paramref name="payload"/>, not a copy.</summary>
    public static InvokeResult Read(ReadOnlyMemory<byte> payload)
    {
        var reader = new ProtocolReader(payload.Span);
        var status = reader.ReadUInt16();
        var error = (InvokeErrorKind)reader.ReadByte();
        var message = reader.ReadString();
        var headers = reader.ReadPairs();
        var (offset, length) = reader.ReadBytesRange();
        return new(status, error, message, headers, payload.Slice(offset, length));
    }
}
