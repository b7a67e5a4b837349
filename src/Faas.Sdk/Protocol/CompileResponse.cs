namespace Faas.Sdk.Protocol;

/// <summary>One compile error as the compiler worker reports it: id, message, 1-based line and column.</summary>
public readonly record struct CompileError(string Id, string Message, int Line, int Column);

/// <summary>
/// Payload of <see cref="FrameType.Compiled"/>: the errors (empty on success) and the compiled assembly (empty on
/// failure). <see cref="Assembly"/> is a slice of the payload, not a copy.
/// </summary>
public sealed record CompileResponse(IReadOnlyList<CompileError> Errors, ReadOnlyMemory<byte> Assembly)
{
    /// <summary>Most errors a response carries: a bound for the reader, far above what a 512 KiB source produces.</summary>
    public const int MaxErrors = 100_000;

    public void Write(ProtocolWriter writer)
    {
        var count = Math.Min(Errors.Count, MaxErrors);
        writer.WriteInt32(count);
        for (var i = 0; i < count; i++)
        {
            var error = Errors[i];
            writer.WriteString(error.Id);
            writer.WriteString(HostProtocol.Truncate(error.Message));
            writer.WriteInt32(error.Line);
            writer.WriteInt32(error.Column);
        }

        writer.WriteBytes(Assembly.Span);
    }

    public static CompileResponse Read(ReadOnlyMemory<byte> payload)
    {
        var reader = new ProtocolReader(payload.Span);
        var count = reader.ReadInt32();
        if (count < 0 || count > MaxErrors)
        {
            throw new ProtocolException($"{count} compile errors is out of range");
        }

        var errors = new List<CompileError>(count);
        for (var i = 0; i < count; i++)
        {
            errors.Add(new CompileError(reader.ReadString(), reader.ReadString(), reader.ReadInt32(), reader.ReadInt32()));
        }

        var (offset, length) = reader.ReadBytesRange();
        return new(errors, payload.Slice(offset, length));
    }
}
