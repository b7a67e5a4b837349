namespace Faas.Sdk.Protocol;

/// <summary>Payload of <see cref="FrameType.Loaded"/>: empty <see cref="Error"/> means the handler is ready.</summary>
public sealed record LoadResult(string Error)
{
    public bool Succeeded => Error.Length == 0;

    public void Write(ProtocolWriter writer) => writer.WriteString(Error);

    public static LoadResult Read(ReadOnlyMemory<byte> payload)
    {
        var reader = new ProtocolReader(payload.Span);
        return new(reader.ReadString());
    }
}
