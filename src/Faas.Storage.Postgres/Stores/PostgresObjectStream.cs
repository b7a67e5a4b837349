using Faas.Storage.Postgres.Database;
using Npgsql;

namespace Faas.Storage.Postgres.Stores;

/// <summary>
/// An object's content read from <c>object_content</c> one piece (at most <see cref="PostgresObjectStore.PieceBytes"/>)
/// at a time, as the reader asks: a pooled connection per piece, never one held while a slow client downloads. A
/// content deleted mid-read (its last reference gone) ends the read with an <see cref="IOException"/>.
/// </summary>
internal sealed class PostgresObjectStream(PostgresDatabase database, string sha256, long length, byte[] firstPiece) : Stream
{
    private byte[] _piece = firstPiece;
    private int _offset;
    private int _next = 1;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= length || buffer.IsEmpty)
        {
            return 0;
        }

        if (_offset == _piece.Length)
        {
            var piece = _next;
            _piece = await database.RunAsync(c => PieceAsync(c, null, sha256, piece, cancellationToken), cancellationToken).ConfigureAwait(false);
            _offset = 0;
            _next++;
        }

        var count = (int)Math.Min(Math.Min(buffer.Length, _piece.Length - _offset), length - _position);
        _piece.AsMemory(_offset, count).CopyTo(buffer);
        _offset += count;
        _position += count;
        return count;
    }

    /// <summary>One piece of a content; an <see cref="IOException"/> when it is not there (deleted meanwhile).</summary>
    public static async Task<byte[]> PieceAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sha256, int piece, CancellationToken cancellationToken) =>
        await connection.ScalarAsync("SELECT data FROM object_content WHERE sha256 = @sha AND piece = @piece", transaction, cancellationToken,
            ("sha", sha256), ("piece", piece)).ConfigureAwait(false) is byte[] { Length: > 0 } data
            ? data
            : throw new IOException($"piece {piece} of the content {sha256} is gone (the object was deleted while it was read)");

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
