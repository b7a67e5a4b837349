namespace Faas.Sdk.Protocol;

/// <summary>
/// Payload of <see cref="FrameType.ObjectRequest"/>: an operation on one of the function's objects (the
/// orchestrator knows which function the connection serves: a host never names it).
/// </summary>
public sealed record ObjectRequest(ObjectOperation Operation, string Name)
{
    public void Write(ProtocolWriter writer)
    {
        writer.WriteByte((byte)Operation);
        writer.WriteString(Name);
    }

    public static ObjectRequest Read(ReadOnlyMemory<byte> payload)
    {
        var reader = new ProtocolReader(payload.Span);
        var operation = (ObjectOperation)reader.ReadByte();
        if (!Enum.IsDefined(operation))
        {
            throw new ProtocolException($"unknown object operation {(byte)operation}");
        }

        return new(operation, reader.ReadString());
    }
}
