using System.Security.Cryptography;

namespace Faas.Orchestrator.Objects;

/// <summary>
/// Receives an object's content piece by piece into a private temporary file while hashing it, up to a maximum
/// size: no one ever holds a whole object in memory. <see cref="Complete"/> hands the file over as a
/// <see cref="StagedObject"/>; disposing an incomplete staging deletes the file.
/// </summary>
public sealed class ObjectStaging : IAsyncDisposable
{
    private readonly FileStream _file;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly long _maxBytes;
    private bool _handedOver;

    public ObjectStaging(string directory, long maxBytes)
    {
        _maxBytes = maxBytes;
        Path = System.IO.Path.Combine(directory, Guid.NewGuid().ToString("N") + ".part");
        _file = new FileStream(Path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            Options = FileOptions.Asynchronous,
            BufferSize = 64 * 1024,
        });
    }

    public string Path { get; }

    public long Length { get; private set; }

    /// <summary>Adds the next piece; false (nothing written) when it would take the object past the maximum size.</summary>
    public async ValueTask<bool> WriteAsync(ReadOnlyMemory<byte> piece, CancellationToken cancellationToken = default)
    {
        if (piece.Length > _maxBytes - Length)
        {
            return false;
        }

        _hash.AppendData(piece.Span);
        await _file.WriteAsync(piece, cancellationToken).ConfigureAwait(false);
        Length += piece.Length;
        return true;
    }

    /// <summary>Copies <paramref name="source"/> in; false as soon as it passes the maximum size (the rest is not read).</summary>
    public async Task<bool> CopyFromAsync(Stream source, CancellationToken cancellationToken = default)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (true)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, 64 * 1024), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return true;
                }

                if (!await WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Flushes the file to disk and hands it over; the staging no longer owns it.</summary>
    public async Task<StagedObject> CompleteAsync()
    {
        await _file.FlushAsync().ConfigureAwait(false);
        _file.Flush(flushToDisk: true);
        await _file.DisposeAsync().ConfigureAwait(false);
        _handedOver = true;
        return new StagedObject(Path, Length, Convert.ToHexStringLower(_hash.GetHashAndReset()));
    }

    public async ValueTask DisposeAsync()
    {
        await _file.DisposeAsync().ConfigureAwait(false);
        _hash.Dispose();
        if (!_handedOver)
        {
            try
            {
                File.Delete(Path);
            }
            catch (IOException)
            {
            }
        }
    }
}
