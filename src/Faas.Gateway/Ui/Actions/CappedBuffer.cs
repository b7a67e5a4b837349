namespace Faas.Gateway.Ui.Actions;

/// <summary>A write-only stream that keeps the first <paramref name="capacity"/> bytes and only counts the rest: a handler's answer never costs the dashboard more.</summary>
internal sealed class CappedBuffer(int capacity) : Stream
{
    private readonly MemoryStream _kept = new();

    public long Total { get; private set; }

    public bool Truncated => Total > _kept.Length;

    public byte[] Kept => _kept.ToArray();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => Total;

    public override long Position
    {
        get => Total;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var room = (int)Math.Max(0, capacity - _kept.Length);
        _kept.Write(buffer[..Math.Min(room, buffer.Length)]);
        Total += buffer.Length;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _kept.Dispose();
        }

        base.Dispose(disposing);
    }
}
