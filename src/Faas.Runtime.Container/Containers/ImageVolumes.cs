using System.Globalization;
using Faas.Orchestrator.Runtime;

namespace Faas.Runtime.Container.Containers;

/// <summary>
/// Replaces the <c>VOLUME</c>s an image declares. Left alone, the engine would create a writable
/// anonymous volume for each on the host's disk, with no size limit; instead each gets a private tmpfs
/// of the function's tmp size (<c>rw,nosuid,nodev,noexec</c>, owned by the instance's uid, mode 0700,
/// empty: an image's content at that path is not copied). The engine creates no volume for a path that
/// already has a mount. A path the platform mounts itself is covered by that mount; a path that cannot
/// take a tmpfs (the root, <c>/dev</c>, under <c>/proc</c> or <c>/sys</c>, inside a platform mount) refuses
/// the image with a clear error.
/// </summary>
internal static class ImageVolumes
{
    /// <summary>More declared volumes than this refuses the image (each is a mount of its own).</summary>
    public const int MaxVolumes = 16;

    private const int MaxPathLength = 1024;

    /// <summary>
    /// The tmpfs mounts (path → options) that stand in for <paramref name="declared"/>. <paramref name="platformMounts"/>
    /// are the destinations the platform mounts itself (<c>/tmp</c>, binds).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Tmpfs(
        IEnumerable<string>? declared, IReadOnlyCollection<string> platformMounts, long sizeBytes, int userId, string image)
    {
        var mounts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (declared is null)
        {
            return mounts;
        }

        var options = string.Create(CultureInfo.InvariantCulture, $"rw,nosuid,nodev,noexec,size={sizeBytes},uid={userId},gid={userId},mode=0700");
        var count = 0;
        foreach (var raw in declared)
        {
            if (++count > MaxVolumes)
            {
                throw Refuse(image, $"it declares more than {MaxVolumes} volumes");
            }

            var path = Check(raw, image);
            if (platformMounts.Contains(path, StringComparer.Ordinal))
            {
                continue;
            }

            if (platformMounts.FirstOrDefault(mount => IsUnder(path, mount)) is { } outer && outer != "/tmp")
            {
                throw Refuse(image, $"its volume '{raw}' lies inside the platform's mount {outer}");
            }

            mounts[path] = options;
        }

        return mounts;
    }

    /// <summary>The path as the engine compares it (Go's <c>filepath.Clean</c>), or a refusal.</summary>
    internal static string Check(string raw, string image)
    {
        if (raw.Length is 0 or > MaxPathLength || raw[0] != '/' || raw.Any(char.IsControl))
        {
            throw Refuse(image, $"its volume '{Printable(raw)}' is not an absolute path of at most {MaxPathLength} printable characters");
        }

        var path = Clean(raw);
        if (path is "/" or "/dev" || IsUnderOrSame(path, "/proc") || IsUnderOrSame(path, "/sys"))
        {
            throw Refuse(image, $"its volume '{raw}' cannot be replaced by a tmpfs");
        }

        return path;
    }

    internal static string Clean(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(part);
        }

        return "/" + string.Join('/', parts);
    }

    private static bool IsUnder(string path, string parent) =>
        path.StartsWith(parent.TrimEnd('/') + "/", StringComparison.Ordinal);

    private static bool IsUnderOrSame(string path, string parent) => path == parent || IsUnder(path, parent);

    private static string Printable(string raw) =>
        new([.. raw.Take(80).Select(c => char.IsControl(c) ? '?' : c)]);

    private static InstanceStartException Refuse(string image, string why) =>
        new($"Cannot start a container from image '{image}': {why}. Declared volumes are replaced by size-limited tmpfs mounts; " +
            "remove the VOLUME or move it to a path that can take one.");
}
