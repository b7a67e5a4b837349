namespace Faas.Sdk.Protocol;

/// <summary>
/// Payload of <see cref="FrameType.ObjectResult"/>: the status, a message when it failed, the objects (a list, or
/// the one written or read) and, for a read, how many content bytes follow in <see cref="FrameType.ObjectData"/> frames.
/// </summary>
public sealed record ObjectResult(ObjectStatus Status, string Message, IReadOnlyList<ObjectEntry> Objects, long ContentLength = 0)
{
    public static ObjectResult Failure(ObjectStatus status, string message) => new(status, message, []);

    public void Write(ProtocolWriter writer)
    {
        writer.WriteByte((byte)Status);
        writer.WriteString(Message);
        writer.WriteInt64(ContentLength);
        writer.WriteInt32(Objects.Count);
        foreach (var entry in Objects)
        {
            writer.WriteString(entry.Name);
            writer.WriteInt64(entry.Size);
            writer.WriteString(entry.Sha256);
            writer.WriteInt64(entry.UpdatedAtUnixMilliseconds);
        }
    }

    public static ObjectResult Read(ReadOnlyMemory<byte> payload)
    {
        var reader = new ProtocolReader(payload.Span);
        var status = (ObjectStatus)reader.ReadByte();
        var message = reader.ReadString();
        var length = reader.ReadInt64();
        var count = reader.ReadInt32();
        if (count < 0 || length < 0)
        {
            throw new ProtocolException("object result out of range");
        }

        var objects = new List<ObjectEntry>(Math.Min(count, 1024));
        for (var i = 0; i < count; i++)
        {
            objects.Add(new ObjectEntry(reader.ReadString(), reader.ReadInt64(), reader.ReadString(), reader.ReadInt64()));
        }

        return new(status, message, objects, length);
    }
}
