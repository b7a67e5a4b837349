namespace Faas.Runtime.Process.Sandbox;

/// <summary>An isolation feature the sandbox uses; each can be present or missing on a machine.</summary>
internal enum SandboxFeature
{
    /// <summary>bubblewrap with user, pid, mount, net, ipc, uts and cgroup namespaces, started unprivileged.</summary>
    Namespaces,
    /// <summary>Dropping from root to the sandbox uid with <c>setpriv</c> before bwrap runs.</summary>
    PrivilegeDrop,
    CgroupMemory,
    CgroupCpu,
    CgroupPids,
    /// <summary>The seccomp-BPF filter (needs <see cref="Namespaces"/>: bwrap installs it).</summary>
    Seccomp,
    /// <summary>A size limit on the private <c>/tmp</c> (<c>bwrap --size</c>, bubblewrap 0.5 or later).</summary>
    TmpfsSize,
    /// <summary>RLIMIT_NOFILE and RLIMIT_CORE, set by the launcher shell.</summary>
    Rlimits,
}

internal static class SandboxFeatureNames
{
    public static IReadOnlyList<SandboxFeature> All { get; } = Enum.GetValues<SandboxFeature>();

    public static string Name(this SandboxFeature feature) => feature switch
    {
        SandboxFeature.Namespaces => "namespaces (bubblewrap, user namespaces)",
        SandboxFeature.PrivilegeDrop => "privilege drop (setpriv)",
        SandboxFeature.CgroupMemory => "cgroup memory",
        SandboxFeature.CgroupCpu => "cgroup cpu",
        SandboxFeature.CgroupPids => "cgroup pids",
        SandboxFeature.Seccomp => "seccomp",
        SandboxFeature.TmpfsSize => "tmpfs size limit",
        SandboxFeature.Rlimits => "rlimits",
        _ => feature.ToString(),
    };
}
