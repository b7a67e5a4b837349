namespace Faas.Sdk.Protocol;

/// <summary>Payload of <see cref="FrameType.Compile"/>: one handler source for the compiler worker, with the source size limit.</summary>
public sealed record CompileRequest(string Source, string HandlerName, int MaxSourceBytes)
{
    public void Write(ProtocolWriter writer)
    {
        writer.WriteString(Source);
        writer.WriteString(HandlerName);
        writer.WriteInt32(MaxSourceBytes);
    }

    public static CompileRequest Read(ReadOnlyMemory<byte> payload)
    {
        var reader = new ProtocolReader(payload.Span);
        return new(reader.ReadString(), reader.ReadString(), reader.ReadInt32());
    }
}
