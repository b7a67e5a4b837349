namespace Faas.Sdk.Streaming;

/// <summary>
/// A read-only stream over chunks a handler produces one at a time (an <see cref="IAsyncEnumerable{T}"/>). A read
/// returns bytes of one chunk only and never waits for the next chunk while it has bytes to give, so each chunk
/// reaches the caller as soon as it is produced. The enumeration starts at the first read, with that read's token:
/// the host's deadline and cancellation reach the handler's iterator.
/// </summary>
internal sealed class ChunkStream<T>(IAsyncEnumerable<T> source, Func<T, ReadOnlyMemory<byte>> encode) : Stream
{
    private IAsyncEnumerator<T>? _chunks;
    private ReadOnlyMemory<byte> _pending;
    private bool _ended;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (_pending.IsEmpty)
        {
            if (_ended)
            {
                return 0;
            }

            _chunks ??= source.GetAsyncEnumerator(cancellationToken);
            if (!await _chunks.MoveNextAsync().ConfigureAwait(false))
            {
                _ended = true;
                return 0;
            }

            _pending = _chunks.Current is null ? ReadOnlyMemory<byte>.Empty : encode(_chunks.Current);
        }

        var count = Math.Min(buffer.Length, _pending.Length);
        _pending[..count].CopyTo(buffer);
        _pending = _pending[count..];
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override async ValueTask DisposeAsync()
    {
        if (_chunks is not null)
        {
            await _chunks.DisposeAsync().ConfigureAwait(false);
            _chunks = null;
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
