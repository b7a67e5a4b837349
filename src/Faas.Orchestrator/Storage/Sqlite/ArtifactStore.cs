namespace Faas.Orchestrator.Storage.Sqlite;

/// <summary>
/// Compiled handler assemblies on disk, named by content hash (<c>{root}/{hash}.dll</c>). The platform's
/// only: the directory is 0700 and files 0600 (hosts get their assembly over the socket, never from here).
/// </summary>
internal sealed class ArtifactStore
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly string _root;

    public ArtifactStore(string root)
    {
        _root = root;
        Directory.CreateDirectory(root, OwnerOnly);
        File.SetUnixFileMode(root, OwnerOnly);
    }

    public string PathOf(string hash) => Path.Combine(_root, hash + ".dll");

    public byte[]? TryRead(string hash)
    {
        var path = PathOf(hash);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    /// <summary>Writes atomically (temp file, then rename), so a crash never leaves a torn artifact.</summary>
    public void Write(string hash, byte[] assembly)
    {
        var path = PathOf(hash);
        var temp = $"{path}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
        using (var file = new FileStream(temp, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            file.Write(assembly);
        }

        File.Move(temp, path, overwrite: true);
    }
}
