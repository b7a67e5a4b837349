using Faas.Orchestrator.Runtime;

namespace Faas.Runtime.Process.Cgroups;

/// <summary>
/// The detected cgroup layout and the parent group (<c>faas</c> by default) under which one child per
/// instance is created. Under v1 the parent is created below this process's own group in each
/// controller hierarchy (so the platform's own limits still apply to its functions); under v2 it is
/// created at the root of the unified hierarchy, with the controllers enabled for its children.
/// </summary>
internal sealed class CgroupHierarchy
{
    private readonly Dictionary<CgroupController, string> _parents;
    private readonly Dictionary<CgroupController, string> _problems;

    private CgroupHierarchy(CgroupVersion version, Dictionary<CgroupController, string> parents, Dictionary<CgroupController, string> problems)
    {
        Version = version;
        _parents = parents;
        _problems = problems;
    }

    public CgroupVersion Version { get; }

    /// <summary>Parent directory per usable controller.</summary>
    public IReadOnlyDictionary<CgroupController, string> Parents => _parents;

    /// <summary>Why a controller cannot be used, for those that cannot.</summary>
    public IReadOnlyDictionary<CgroupController, string> Problems => _problems;

    public static CgroupVersion DetectVersion(string mountPoint)
    {
        if (File.Exists(Path.Combine(mountPoint, "cgroup.controllers")))
        {
            return CgroupVersion.V2;
        }
        return CgroupControllerNames.All.Any(c => File.Exists(Path.Combine(mountPoint, c.Name(), "cgroup.procs")))
            ? CgroupVersion.V1
            : CgroupVersion.None;
    }

    /// <summary>The path of this process's group in a v1 controller's hierarchy, from <c>/proc/self/cgroup</c> text.</summary>
    public static string OwnV1Path(string procSelfCgroup, string controller)
    {
        foreach (var line in procSelfCgroup.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3 && parts[1].Split(',').Contains(controller, StringComparer.Ordinal))
            {
                return parts[2].Trim();
            }
        }
        return "/";
    }

    /// <summary>Detects the layout and creates (or reuses) the parent groups. Never throws: problems are recorded per controller.</summary>
    public static CgroupHierarchy Open(string mountPoint, string parentName, string procSelfCgroup)
    {
        var version = DetectVersion(mountPoint);
        var parents = new Dictionary<CgroupController, string>();
        var problems = new Dictionary<CgroupController, string>();
        switch (version)
        {
            case CgroupVersion.V1:
                foreach (var controller in CgroupControllerNames.All)
                {
                    var root = Path.Combine(mountPoint, controller.Name());
                    if (!File.Exists(Path.Combine(root, "cgroup.procs")))
                    {
                        problems[controller] = $"cgroup v1 controller '{controller.Name()}' is not mounted at {root}";
                        continue;
                    }
                    var parent = Path.Join(root, OwnV1Path(procSelfCgroup, controller.Name()), parentName);
                    if (TryCreate(parent, out var error))
                    {
                        parents[controller] = parent;
                    }
                    else
                    {
                        problems[controller] = $"cannot create cgroup {parent}: {error}";
                    }
                }
                break;
            case CgroupVersion.V2:
                OpenV2(mountPoint, Path.Combine(mountPoint, parentName), parents, problems);
                break;
            default:
                foreach (var controller in CgroupControllerNames.All)
                {
                    problems[controller] = $"no cgroup file system (v1 or v2) found at {mountPoint}";
                }
                break;
        }
        return new CgroupHierarchy(version, parents, problems);
    }

    private static void OpenV2(string mountPoint, string parent, Dictionary<CgroupController, string> parents, Dictionary<CgroupController, string> problems)
    {
        if (!TryCreate(parent, out var error))
        {
            foreach (var controller in CgroupControllerNames.All)
            {
                problems[controller] = $"cannot create cgroup {parent}: {error}";
            }
            return;
        }
        var available = ReadWords(Path.Combine(mountPoint, "cgroup.controllers"));
        var wanted = CgroupControllerNames.All.Where(c => available.Contains(c.Name())).ToArray();
        // One write enables all of them (the kernel takes a space-separated list); fall back one by one.
        var enable = string.Join(' ', wanted.Select(c => "+" + c.Name()));
        foreach (var file in new[] { Path.Combine(mountPoint, "cgroup.subtree_control"), Path.Combine(parent, "cgroup.subtree_control") })
        {
            if (wanted.Length > 0 && !CgroupFiles.TryWrite(file, enable))
            {
                foreach (var controller in wanted)
                {
                    CgroupFiles.TryWrite(file, "+" + controller.Name());
                }
            }
        }
        var enabled = ReadWords(Path.Combine(parent, "cgroup.subtree_control"));
        foreach (var controller in CgroupControllerNames.All)
        {
            var name = controller.Name();
            if (!available.Contains(name))
            {
                problems[controller] = $"cgroup v2 controller '{name}' is not available (bound to a v1 hierarchy or disabled)";
            }
            else if (enabled.Contains(name))
            {
                parents[controller] = parent;
            }
            else
            {
                problems[controller] = $"cannot enable cgroup v2 controller '{name}' for children of {parent}";
            }
        }
    }

    /// <summary>
    /// Creates the instance's group(s) for <paramref name="controllers"/> and writes the limits. Throws
    /// <see cref="InstanceStartException"/> (after removing what it created) when a required write fails.
    /// </summary>
    public async Task<InstanceCgroup> CreateAsync(string instanceId, ResourceLimits limits, IReadOnlyCollection<CgroupController> controllers)
    {
        var directories = new Dictionary<CgroupController, string>();
        foreach (var controller in controllers)
        {
            if (!_parents.TryGetValue(controller, out var parent))
            {
                throw new InstanceStartException($"cgroup controller '{controller.Name()}' is not usable: {_problems.GetValueOrDefault(controller, "unknown")}");
            }
            directories[controller] = Path.Combine(parent, instanceId);
        }
        var cgroup = new InstanceCgroup(Version, directories);
        try
        {
            foreach (var directory in cgroup.DistinctDirectories)
            {
                if (Directory.Exists(directory))
                {
                    await CgroupFiles.KillAllAsync(directory).ConfigureAwait(false);
                    await CgroupFiles.TryRemoveAsync(directory).ConfigureAwait(false);
                }
                Directory.CreateDirectory(directory);
            }
            cgroup.Apply(limits);
            return cgroup;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InstanceStartException)
        {
            await cgroup.RemoveAsync().ConfigureAwait(false);
            throw e as InstanceStartException ?? new InstanceStartException($"cannot create the instance's cgroup: {e.Message}", e);
        }
    }

    /// <summary>Kills and removes one instance's groups (from a previous run) under every parent. Returns whether any was removed.</summary>
    public async Task<bool> RemoveChildAsync(string instanceId, CancellationToken cancellationToken)
    {
        var removed = false;
        foreach (var parent in _parents.Values.Distinct(StringComparer.Ordinal))
        {
            var child = Path.Combine(parent, instanceId);
            if (!Directory.Exists(child))
            {
                continue;
            }
            await CgroupFiles.KillAllAsync(child, cancellationToken).ConfigureAwait(false);
            removed |= await CgroupFiles.TryRemoveAsync(child, cancellationToken).ConfigureAwait(false);
        }
        return removed;
    }

    /// <summary>
    /// Removes the parent groups that hold no instance group any more (when the platform stops): each platform has parents
    /// of its own (named after its storage), so a machine that runs platforms one after another (tests, benchmarks) would
    /// otherwise collect empty groups. A parent that still has a child stays, for the next start's orphan clean-up.
    /// </summary>
    public void RemoveEmptyParents()
    {
        foreach (var parent in _parents.Values.Distinct(StringComparer.Ordinal))
        {
            if (SafeEnumerateDirectories(parent).Any())
            {
                continue;
            }

            try
            {
                Directory.Delete(parent, recursive: false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Busy or gone: the next start finds it.
            }
        }
    }

    /// <summary>Kills and removes every instance group left under the parents (from a previous run). Returns how many were removed.</summary>
    public async Task<int> RemoveChildrenAsync(CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var parent in _parents.Values.Distinct(StringComparer.Ordinal))
        {
            foreach (var child in SafeEnumerateDirectories(parent))
            {
                await CgroupFiles.KillAllAsync(child, cancellationToken).ConfigureAwait(false);
                if (await CgroupFiles.TryRemoveAsync(child, cancellationToken).ConfigureAwait(false))
                {
                    removed++;
                }
            }
        }
        return removed;
    }

    private static IEnumerable<string> SafeEnumerateDirectories(string path)
    {
        try
        {
            return Directory.GetDirectories(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static bool TryCreate(string directory, out string error)
    {
        try
        {
            Directory.CreateDirectory(directory);
            error = "";
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = e.Message;
            return false;
        }
    }

    private static HashSet<string> ReadWords(string file)
    {
        try
        {
            // The kernel lists bare names; a leading '+' is tolerated so a plain file can stand in for it in tests.
            return [.. File.ReadAllText(file).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(w => w.TrimStart('+'))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
