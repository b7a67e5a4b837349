namespace Faas.Sdk.Protocol;

/// <summary>Payload of <see cref="FrameType.ResponseEnd"/>: <see cref="InvokeErrorKind.None"/> when the whole body was sent.</summary>
public sealed record ResponseEnd(InvokeErrorKind Error, string ErrorMessage)
{
    public static ResponseEnd Complete { get; } = new(InvokeErrorKind.None, "");

    public void Write(ProtocolWriter writer)
    {
        writer.WriteByte((byte)Error);
        writer.WriteString(ErrorMessage);
    }

    public static ResponseEnd Read(ReadOnlyMemory<byte> payload)
    {
        var reader = new ProtocolReader(payload.Span);
        var error = (InvokeErrorKind)reader.ReadByte();
        return new(error, reader.ReadString());
    }
}
