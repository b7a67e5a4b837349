namespace Faas.Orchestrator.Tests.Instances;

/// <summary>A destination that records what is written and, once <see cref="Hold"/> is set, does not return from a write until released.</summary>
internal sealed class BlockingStream : Stream
{
    private readonly MemoryStream _written = new();
    private readonly Lock _lock = new();
    private TaskCompletionSource? _held;

    public byte[] Written
    {
        get
        {
            lock (_lock)
            {
                return _written.ToArray();
            }
        }
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Writes from now on wait until <see cref="Release"/>.</summary>
    public void Hold() => _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _held?.TrySetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _written.Write(buffer.Span);
        }

        if (_held is { } held)
        {
            await held.Task.WaitAsync(cancellationToken);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
