using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Faas.Runtime.Process.Tests;

/// <summary>What the host's <c>/proc</c> says about processes: uids, parents, environments, command lines.</summary>
internal static class HostProcesses
{
    /// <summary>Real, effective, saved and filesystem uid, as the host sees them.</summary>
    public static int[] Uids(int pid) =>
        File.ReadAllLines($"/proc/{pid}/status").Single(l => l.StartsWith("Uid:", StringComparison.Ordinal))
            .Split('\t', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(u => int.Parse(u, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Every process below <paramref name="pid"/> (children, grandchildren, ...).</summary>
    public static List<int> Descendants(int pid)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var candidate) && TryRead($"{directory}/stat") is { } stat)
            {
                // Field 4 (ppid) follows the command name, which may contain spaces: parse after the last ')'.
                parents[candidate] = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
            }
        }
        var found = new List<int>();
        var frontier = new Queue<int>([pid]);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var (child, _) in parents.Where(p => p.Value == parent))
            {
                found.Add(child);
                frontier.Enqueue(child);
            }
        }
        return found;
    }

    /// <summary>The environment a process was started with (<c>/proc/{pid}/environ</c>), one "NAME=value" per entry.</summary>
    public static string[] Environment(int pid) =>
        Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/environ")).Split('\0', StringSplitOptions.RemoveEmptyEntries);

    public static string CommandLine(int pid) => (TryRead($"/proc/{pid}/cmdline") ?? "").Replace('\0', ' ');

    /// <summary>The owner uid of a path (<c>stat -c %u</c>).</summary>
    public static int Owner(string path)
    {
        var info = new ProcessStartInfo("/usr/bin/stat", ["-c", "%u", path]) { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return int.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
