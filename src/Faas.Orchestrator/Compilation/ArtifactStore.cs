namespace Faas.Orchestrator.Compilation;

/// <summary>Compiled handler assemblies on disk, named by content hash (<c>{root}/{hash}.dll</c>).</summary>
internal sealed class ArtifactStore
{
    private readonly string _root;

    public ArtifactStore(string root)
    {
        _root = root;
        Directory.CreateDirectory(root);
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
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temp, assembly);
        File.Move(temp, path, overwrite: true);
    }
}
