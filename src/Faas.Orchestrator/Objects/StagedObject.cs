namespace Faas.Orchestrator.Objects;

/// <summary>
/// An object's complete content in a private temporary file (0600), with its size and SHA-256: what a store commits.
/// Disposing deletes the file unless a store took it.
/// </summary>
public sealed class StagedObject(string path, long size, string sha256) : IDisposable
{
    public string Path { get; } = path;

    public long Size { get; } = size;

    /// <summary>Lower-case hex SHA-256 of the content.</summary>
    public string Sha256 { get; } = sha256;

    public Stream OpenRead() => new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, useAsync: true);

    public void Dispose()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
