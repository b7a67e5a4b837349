using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;

namespace Faas.Runtime.Container.Image;

/// <summary>
/// A root file system described as entries (host files, generated text, directories, symlinks) and
/// written as a tar stream, root-owned, parents first. Files are read only while the tar is written.
/// </summary>
internal sealed class RootFilesystem
{
    private const UnixFileMode DirectoryMode = (UnixFileMode)0b111_101_101;
    private const UnixFileMode ExecutableMode = (UnixFileMode)0b111_101_101;
    private const UnixFileMode ReadableMode = (UnixFileMode)0b110_100_100;

    private readonly SortedDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    /// <summary>Adds a directory (and its parents) with the given mode (default 0755).</summary>
    public void AddDirectory(string path, UnixFileMode? mode = null)
    {
        var name = Normalize(path);
        AddParents(name);
        _entries[name] = new Entry(TarEntryType.Directory, mode ?? DirectoryMode, null, null, null);
    }

    /// <summary>Adds one host file (symlinks followed) at <paramref name="path"/> in the image.</summary>
    public void AddFile(string hostPath, string path)
    {
        var info = new FileInfo(hostPath);
        var target = info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? info;
        var executable = (target.UnixFileMode & UnixFileMode.UserExecute) != 0;
        var name = Normalize(path);
        AddParents(name);
        _entries[name] = new Entry(TarEntryType.RegularFile, executable ? ExecutableMode : ReadableMode, target.FullName, null, null);
    }

    /// <summary>Adds a whole host directory tree under <paramref name="path"/> (symlinks to files followed).</summary>
    public void AddTree(string hostDirectory, string path)
    {
        var root = new DirectoryInfo(hostDirectory);
        if (!root.Exists)
        {
            throw new DirectoryNotFoundException($"'{hostDirectory}' does not exist");
        }

        AddDirectory(path);
        foreach (var file in root.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            AddFile(file.FullName, path + "/" + Path.GetRelativePath(root.FullName, file.FullName).Replace('\\', '/'));
        }
    }

    public void AddText(string path, string content, UnixFileMode? mode = null)
    {
        var name = Normalize(path);
        AddParents(name);
        _entries[name] = new Entry(TarEntryType.RegularFile, mode ?? ReadableMode, null, Encoding.UTF8.GetBytes(content), null);
    }

    public void AddSymlink(string path, string target)
    {
        var name = Normalize(path);
        AddParents(name);
        _entries[name] = new Entry(TarEntryType.SymbolicLink, (UnixFileMode)0b111_111_111, null, null, target);
    }

    /// <summary>A digest of names, modes, sizes and modification times (and <paramref name="extra"/>): changes when any content changes.</summary>
    public string Fingerprint(IEnumerable<string> extra)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var line in extra)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(line + "\n"));
        }

        foreach (var (name, entry) in _entries)
        {
            var line = entry.HostPath is { } host
                ? $"{name}|{(int)entry.Mode}|{new FileInfo(host).Length}|{File.GetLastWriteTimeUtc(host).Ticks}\n"
                : $"{name}|{(int)entry.Mode}|{entry.Type}|{entry.LinkTarget}|{Convert.ToHexString(entry.Content ?? [])}\n";
            hash.AppendData(Encoding.UTF8.GetBytes(line));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }

    /// <summary>Writes the tar to <paramref name="output"/>; returns the number of entries.</summary>
    public async Task<int> WriteTarAsync(Stream output, CancellationToken cancellationToken)
    {
        var modified = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await using var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var (name, entry) in _entries)
        {
            var tarName = entry.Type == TarEntryType.Directory ? name + "/" : name;
            var tar = new PaxTarEntry(entry.Type, tarName)
            {
                Mode = entry.Mode,
                Uid = 0,
                Gid = 0,
                ModificationTime = modified,
            };
            if (entry.Type == TarEntryType.SymbolicLink)
            {
                tar.LinkName = entry.LinkTarget!;
            }

            Stream? data = entry.HostPath is { } host
                ? new FileStream(host, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan)
                : entry.Content is { } content ? new MemoryStream(content, writable: false) : null;
            await using (data)
            {
                if (data is not null)
                {
                    tar.DataStream = data;
                }

                await writer.WriteEntryAsync(tar, cancellationToken).ConfigureAwait(false);
            }
        }

        return _entries.Count;
    }

    private void AddParents(string name)
    {
        var slash = name.LastIndexOf('/');
        while (slash > 0)
        {
            var parent = name[..slash];
            if (!_entries.TryAdd(parent, new Entry(TarEntryType.Directory, DirectoryMode, null, null, null)))
            {
                return;
            }

            slash = parent.LastIndexOf('/');
        }
    }

    private static string Normalize(string path)
    {
        var name = path.Trim('/');
        if (name.Length == 0 || name.Split('/').Any(part => part is "" or "." or ".."))
        {
            throw new ArgumentException($"'{path}' is not a valid path in an image", nameof(path));
        }

        return name;
    }

    private sealed record Entry(TarEntryType Type, UnixFileMode Mode, string? HostPath, byte[]? Content, string? LinkTarget);
}
