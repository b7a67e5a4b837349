namespace Faas.Sdk.Protocol;

/// <summary>
/// Payload of <see cref="FrameType.Invoke"/>. <see cref="Body"/> is the part of the request body inside this frame;
/// when <see cref="BodyLength"/> is larger, the rest follows in <see cref="FrameType.RequestBody"/> frames.
/// </summary>
public sealed record InvokeRequest(
    string Method,
    string Path,
    IReadOnlyCollection<KeyValuePair<string, string>> Query,
    IReadOnlyCollection<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body,
    int DeadlineMilliseconds,
    string RequestId)
{
    private readonly int _bodyLength = -1;

    /// <summary>Bytes of request body in all (this frame's and the <see cref="FrameType.RequestBody"/> frames').</summary>
    public int BodyLength
    {
        get => _bodyLength < 0 ? Body.Length : _bodyLength;
        init => _bodyLength = value;
    }

    /// <summary>Response body bytes the host may send before the orchestrator grants more (<see cref="FrameType.Credit"/>).</summary>
    public int Window { get; init; } = HostProtocol.DefaultWindow;

    public void Write(ProtocolWriter writer)
    {
        writer.WriteString(Method);
        writer.WriteString(Path);
        writer.WritePairs(Query);
        writer.WritePairs(Headers);
        writer.WriteInt32(DeadlineMilliseconds);
        writer.WriteString(RequestId);
        writer.WriteInt32(Window);
        writer.WriteInt32(BodyLength);
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
        var window = reader.ReadInt32();
        var bodyLength = reader.ReadInt32();
        var (offset, length) = reader.ReadBytesRange();
        if (window <= 0 || bodyLength < length)
        {
            throw new ProtocolException($"invalid invoke frame: window {window}, body {length} of {bodyLength} bytes");
        }

        return new(method, path, query, headers, payload.Slice(offset, length), deadline, requestId) { Window = window, BodyLength = bodyLength };
    }
}
