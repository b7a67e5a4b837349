namespace Faas.Sdk.Protocol;

/// <summary>
/// Payload of <see cref="FrameType.Load"/>: the compiled handler assembly, the name of its entry
/// method, and the function's environment variables, applied before the handler is loaded.
/// </summary>
public sealed record LoadRequest(
    string FunctionName,
    string HandlerName,
    IReadOnlyCollection<KeyValuePair<string, string>> Environment,
    ReadOnlyMemory<byte> Assembly)
{
    public void Write(ProtocolWriter writer)
    {
        writer.WriteString(FunctionName);
        writer.WriteString(HandlerName);
        writer.WritePairs(Environment);
        writer.WriteBytes(Assembly.Span);
    }

    public static LoadRequest Read(ReadOnlyMemory<byte> payload)
    {
        var reader = new ProtocolReader(payload.Span);
        var function = reader.ReadString();
        var handler = reader.ReadString();
        var environment = reader.ReadPairs();
        var (offset, length) = reader.ReadBytesRange();
        return new(function, handler, environment, payload.Slice(offset, length));
    }
}
