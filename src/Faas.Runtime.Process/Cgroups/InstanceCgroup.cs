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
