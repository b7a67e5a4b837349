using System.Security.Cryptography;
using System.Text;
using Faas.Orchestrator.Configuration;

namespace Faas.Orchestrator.Instances;

/// <summary>
/// Where the per-instance socket (and secrets) directories live. Every instance runs as a uid of its own and must
/// traverse each directory above its socket directory, so they live in <c>{storage}/run</c> only when every
/// directory above the storage path lets others traverse it. Below a directory that does not (0700, what
/// <c>mktemp -d</c> makes), the platform — running as root — puts them in <see cref="FallbackRoot"/>
/// (<c>/run/faas-sockets/{platform id}</c>, 0711) instead; when it cannot, start-up is refused with the path and the fix.
/// </summary>
internal static class SocketPlacement
{
    public const string FallbackRoot = "/run/faas-sockets";

    private const UnixFileMode OthersTraverse = UnixFileMode.OtherExecute;

    /// <summary>The socket root for <paramref name="options"/>'s storage path.</summary>
    public static string Root(PlatformOptions options)
    {
        var storage = Path.GetFullPath(options.StoragePath);
        return IsRoot && BlockingAncestor(storage) is not null
            ? Path.Combine(FallbackRoot, PlatformId(storage))
            : Path.Combine(storage, "run");
    }

    /// <summary>The nearest existing directory above (or at) <paramref name="path"/>'s parent that others may not traverse; null when there is none.</summary>
    public static string? BlockingAncestor(string path)
    {
        for (var directory = Path.GetDirectoryName(Path.GetFullPath(path)); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (Directory.Exists(directory) && (File.GetUnixFileMode(directory) & OthersTraverse) == 0)
            {
                return directory;
            }
        }

        return null;
    }

    /// <summary>
    /// One id per storage path (the first 12 hex digits of its SHA-256): it labels the platform's containers and names its
    /// cgroup parent, so two platforms on a machine keep apart.
    /// </summary>
    public static string PlatformId(string storagePath) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(storagePath))))[..12];

    /// <summary>Why instances could not reach their sockets with this storage path, with the fix; null when they can.</summary>
    public static string? Problem(PlatformOptions options)
    {
        var storage = Path.GetFullPath(options.StoragePath);
        if (!IsRoot || BlockingAncestor(storage) is not { } blocking)
        {
            return null;
        }

        var root = Root(options);
        try
        {
            const UnixFileMode traverse = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            Directory.CreateDirectory(FallbackRoot, traverse);
            File.SetUnixFileMode(FallbackRoot, traverse);
            Directory.CreateDirectory(root, traverse);
            File.SetUnixFileMode(root, traverse);
            return BlockingAncestor(Path.Combine(root, "x")) is { } alsoBlocked
                ? $"function_storage_path {storage}: instances cannot reach sockets below {blocking} (others may not traverse it), "
                    + $"nor below {alsoBlocked}; run 'chmod o+x {blocking}' or choose a storage path whose parent directories others may traverse"
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"function_storage_path {storage}: instances cannot reach sockets below {blocking} (others may not traverse it) and "
                + $"{root} cannot be used instead ({ex.Message}); run 'chmod o+x {blocking}' or choose a storage path whose parent directories others may traverse";
        }
    }

    /// <summary>Whether the platform runs as root, and so hands each instance a uid of its own (the user name of the effective uid).</summary>
    private static bool IsRoot => Environment.UserName == "root";
}
