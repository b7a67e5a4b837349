using System.Globalization;

namespace Faas.Gateway.Tests.EndToEnd;

/// <summary>The processes below a process (from <c>/proc</c>): which run a given program, as which uid, with how much CPU time.</summary>
internal static class ProcessTree
{
    /// <summary>Pids of the descendants of <paramref name="root"/> whose command line contains <paramref name="program"/>.</summary>
    public static IReadOnlyList<int> Descendants(int root, string program)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == root)
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(directory, "cmdline")).Contains(program, StringComparison.Ordinal) && IsBelow(pid, root))
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
        }

        return found;
    }

    /// <summary>Whether <paramref name="pid"/> still runs: a zombie (exited, waiting for its parent to reap it) does not.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] is not ('Z' or 'X');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Pid, state, parent and command line of <paramref name="pid"/>, for failure messages.</summary>
    public static string Describe(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var command = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return $"{pid} {fields[0]} ppid {fields[1]} cpu {CpuSeconds(pid)} s: {command}";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"{pid} gone";
        }
    }

    /// <summary>The real uid of <paramref name="pid"/> as the host sees it.</summary>
    public static int UserId(int pid) => int.Parse(
        File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal))
            .Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    /// <summary>User plus system CPU time of <paramref name="pid"/> itself (not its children), in seconds.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After the command: state is field 3, utime 14 and stime 15 (1-based), so indexes 11 and 12 here.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static bool IsBelow(int pid, int root)
    {
        for (var current = pid; current > 1;)
        {
            var stat = File.ReadAllText($"/proc/{current}/stat");
            var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
            if (parent == root)
            {
                return true;
            }

            current = parent;
        }

        return false;
    }
}
