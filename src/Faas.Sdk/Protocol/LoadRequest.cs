namespace Faas.Sdk.Protocol;

/// <summary>
/// Payload of <see cref="FrameType.Load"/>: the compiled handler assembly, the name of its entry
/// method, the function's environment variables (applied before the handler is loaded), and the
/// GC heap limit to apply (0: keep the one the process started with) — a stem cell is started with
/// generic limits and takes the function's when it is specialized.
/// </summary>
public sealed record LoadRequest(
    string FunctionName,
    string HandlerName,
    IReadOnlyCollection<KeyValuePair<string, string>> Environment,
    ReadOnlyMemory<byte> Assembly,
    long GcHeapLimitBytes = 0)
{
    public void Write(ProtocolWriter writer)
    {
        writer.WriteString(FunctionName);
        writer.WriteString(HandlerName);
        writer.WritePairs(Environment);
        writer.WriteInt64(GcHeapLimitBytes);
        writer.WriteBytes(Assembly.Span);
    }

    public static LoadRequest Read(ReadOnlyMemory<byte> payload)
    {
        var reader = new ProtocolReader(payload.Span);
        var function = reader.ReadString();
        var handler = reader.ReadString();
        var environment = reader.ReadPairs();
        var gcHeapLimit = reader.ReadInt64();
        var (offset, length) = reader.ReadBytesRange();
        return new(function, handler, environment, payload.Slice(offset, length), gcHeapLimit);
    }
}
