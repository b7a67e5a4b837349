using Faas.Orchestrator.Runtime;

namespace Faas.Runtime.Process.Cgroups;

/// <summary>The cgroup(s) of one instance: one directory per controller under v1, one directory under v2.</summary>
internal sealed class InstanceCgroup
{
    public InstanceCgroup(CgroupVersion version, IReadOnlyDictionary<CgroupController, string> directories)
    {
        Version = version;
        Directories = directories;
        DistinctDirectories = directories.Values.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The limits the group holds now, as last written by <see cref="Apply"/>; null before (the kernel's defaults, no limit).</summary>
    public ResourceLimits? Limits { get; private set; }

    public CgroupVersion Version { get; }

    public IReadOnlyDictionary<CgroupController, string> Directories { get; }

    public IReadOnlyList<string> DistinctDirectories { get; }

    /// <summary>The files the launcher writes its own pid into before the sandbox forks.</summary>
    public IEnumerable<string> ProcsFiles => DistinctDirectories.Select(d => Path.Combine(d, "cgroup.procs"));

    /// <summary>Whether the kernel's OOM killer fired in this group.</summary>
    public bool WasOutOfMemoryKilled()
    {
        if (!Directories.TryGetValue(CgroupController.Memory, out var directory))
        {
            return false;
        }
        var file = Path.Combine(directory, Version == CgroupVersion.V2 ? "memory.events" : "memory.oom_control");
        try
        {
            return CgroupLimits.ParseOomKillCount(File.ReadAllText(file)) > 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Writes the limits: all of them into a new group, and into a running one (a stem cell taking a function's
    /// limits) only the control files whose value changes, each a system call or two on the path of the call that
    /// waits for the cell. Under v1 the swap limit must stay at or above the memory limit, so it is written first when
    /// the memory limit rises and last when it falls (from no limit, a new group's, it falls). A required file that
    /// cannot be written throws <see cref="IOException"/> naming it; an optional one (swap accounting off) is skipped.
    /// </summary>
    public void Apply(ResourceLimits limits)
    {
        var wanted = CgroupLimits.For(Version, limits);
        var current = Limits is { } held ? CgroupLimits.For(Version, held) : null;
        var changed = wanted.Where((setting, i) => current is null || current[i].Value != setting.Value);
        if (Limits is { } before && limits.MemoryBytes > before.MemoryBytes)
        {
            changed = changed.OrderBy(setting => setting.File.Contains("memsw", StringComparison.Ordinal) ? 0 : 1);
        }

        foreach (var setting in changed.ToList())
        {
            if (!Directories.TryGetValue(setting.Controller, out var directory))
            {
                continue;
            }

            var file = Path.Combine(directory, setting.File);
            if (!setting.Optional)
            {
                Write(file, setting, directory);
            }
            else if (File.Exists(file))
            {
                CgroupFiles.TryWrite(file, setting.Value);
            }
        }

        Limits = limits;
    }

    private static void Write(string file, CgroupSetting setting, string directory)
    {
        try
        {
            CgroupFiles.Write(file, setting.Value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot set cgroup limit {setting.File}={setting.Value} in {directory}: {e.Message}", e);
        }
    }

    public async Task KillAllAsync(CancellationToken cancellationToken = default)
    {
        foreach (var directory in DistinctDirectories)
        {
            await CgroupFiles.KillAllAsync(directory, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Kills what is left and removes every directory; false if one could not be removed.</summary>
    public async Task<bool> RemoveAsync(CancellationToken cancellationToken = default)
    {
        await KillAllAsync(cancellationToken).ConfigureAwait(false);
        var removed = true;
        foreach (var directory in DistinctDirectories)
        {
            removed &= await CgroupFiles.TryRemoveAsync(directory, cancellationToken).ConfigureAwait(false);
        }
        return removed;
    }
}
