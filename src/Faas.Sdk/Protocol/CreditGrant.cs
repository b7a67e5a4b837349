namespace Faas.Sdk.Protocol;

/// <summary>Payload of <see cref="FrameType.Credit"/>: response body bytes the host may send beyond its window so far.</summary>
public readonly record struct CreditGrant(int Bytes)
{
    public void Write(ProtocolWriter writer) => writer.WriteInt32(Bytes);

    public static CreditGrant Read(ReadOnlyMemory<byte> payload)
    {
        var bytes = new ProtocolReader(payload.Span).ReadInt32();
        return bytes > 0 ? new(bytes) : throw new ProtocolException($"credit of {bytes} bytes is out of range");
    }
}
