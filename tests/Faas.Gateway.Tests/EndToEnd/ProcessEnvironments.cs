using System.Globalization;

namespace Faas.Gateway.Tests.EndToEnd;

/// <summary>What the machine's <c>/proc</c> shows of processes: start environments, command lines, descendants.</summary>
internal static class ProcessEnvironments
{
    public static IEnumerable<int> All() =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0);

    /// <summary>The environment the process was started with (<c>/proc/{pid}/environ</c>, NUL-separated), or null if it is gone.</summary>
    public static string? Environment(int pid) => Read($"/proc/{pid}/environ");

    public static string CommandLine(int pid) => (Read($"/proc/{pid}/cmdline") ?? "").Replace('\0', ' ');

    /// <summary>Every process below <paramref name="root"/>.</summary>
    public static HashSet<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var pid in All())
        {
            if (Read($"/proc/{pid}/stat") is { } stat)
            {
                // ppid is the second field after the command name, which may contain spaces and ')'.
                parents[pid] = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
            }
        }

        var found = new HashSet<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var (child, _) in parents.Where(p => p.Value == parent))
            {
                if (found.Add(child))
                {
                    frontier.Enqueue(child);
                }
            }
        }

        return found;
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
