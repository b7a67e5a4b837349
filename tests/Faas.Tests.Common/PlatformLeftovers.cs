using System.Text;

namespace Faas.Tests.Common;

/// <summary>
/// What a platform with a given storage path leaves on the machine: host processes (their command
/// line or environment names the storage path), instance socket directories under <c>{storage}/run</c>
/// and instance cgroups (named like the socket directories) under the platform's parent groups
/// (<c>faas-{platform id}</c>, the id derived from the storage path).
/// </summary>
public static class PlatformLeftovers
{
    public static IReadOnlyList<string> SocketDirectories(string storage)
    {
        var run = Path.Combine(storage, "run");
        return Directory.Exists(run) ? Directory.GetDirectories(run).Select(d => Path.GetFileName(d)).ToList() : [];
    }

    /// <summary>Pids (other than <paramref name="except"/>) whose command line or environment mentions <paramref name="storage"/>.</summary>
    public static IReadOnlyList<int> Processes(string storage, int? except = null)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == except || pid == Environment.ProcessId)
            {
                continue;
            }

            if (Mentions(Path.Combine(directory, "cmdline"), storage) || Mentions(Path.Combine(directory, "environ"), storage))
            {
                if (!IsZombie(pid))
                {
                    found.Add(pid);
                }
            }
        }

        return found;
    }

    /// <summary>Instance cgroup directories named <paramref name="ids"/> that still exist under the platform's parents.</summary>
    public static IReadOnlyList<string> Cgroups(string storage, IEnumerable<string> ids)
    {
        var parents = FaasParents(parentName: ParentName(storage));
        return ids.SelectMany(id => parents.Select(p => Path.Combine(p, id))).Where(Directory.Exists).ToList();
    }

    /// <summary>The platform's parent groups that still exist (a stopped platform removes them).</summary>
    public static IReadOnlyList<string> CgroupParents(string storage) =>
        FaasParents(parentName: ParentName(storage)).Where(Directory.Exists).ToList();

    /// <summary>The parent group name of the platform with this storage path (as the gateway names it).</summary>
    public static string ParentName(string storage) => "faas-" + Orchestrator.Instances.SocketPlacement.PlatformId(storage);

    /// <summary>The faas parent group per controller (v1, below this process's own group) or the v2 one.</summary>
    public static IReadOnlyList<string> FaasParents(string mountPoint = "/sys/fs/cgroup", string parentName = "faas")
    {
        if (File.Exists(Path.Combine(mountPoint, "cgroup.controllers")))
        {
            return [Path.Combine(mountPoint, parentName)];
        }

        var own = File.Exists("/proc/self/cgroup") ? File.ReadAllLines("/proc/self/cgroup") : [];
        var parents = new List<string>();
        foreach (var controller in new[] { "memory", "pids", "cpu" })
        {
            var path = own.Select(l => l.Split(':', 3)).Where(p => p.Length == 3 && p[1].Split(',').Contains(controller)).Select(p => p[2]).FirstOrDefault() ?? "/";
            parents.Add(Path.Join(mountPoint, controller, path, parentName));
        }

        return parents;
    }

    /// <summary>Waits (bounded: up to <paramref name="seconds"/>) until <paramref name="pids"/> are all gone; returns those still alive.</summary>
    public static async Task<IReadOnlyList<int>> WaitGoneAsync(IEnumerable<int> pids, int seconds = 15)
    {
        var alive = pids.ToList();
        for (var i = 0; i < seconds * 10 && alive.Count > 0; i++)
        {
            alive = alive.Where(p => Directory.Exists($"/proc/{p}") && !IsZombie(p)).ToList();
            if (alive.Count > 0)
            {
                await Task.Delay(100);
            }
        }

        return alive;
    }

    private static bool Mentions(string file, string text)
    {
        try
        {
            return Encoding.UTF8.GetString(File.ReadAllBytes(file)).Contains(text, StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}
