using Faas.Orchestrator.Runtime;

namespace Faas.Runtime.Process;

/// <summary>Configuration of the process runtime.</summary>
/// <param name="Host">Where the published <c>Faas.Host</c> and the .NET runtime live.</param>
/// <param name="Level">Isolation level.</param>
/// <param name="StateDirectory">A directory the runtime owns for its own files (seccomp program, per-instance pid files).</param>
public sealed record ProcessRuntimeOptions(HostLayout Host, IsolationLevel Level, string StateDirectory)
{
    /// <summary>The bubblewrap binary.</summary>
    public string BubblewrapPath { get; init; } = "/usr/bin/bwrap";

    /// <summary>util-linux <c>setpriv</c>, used to drop to the instance's own uid (from <see cref="SandboxUsers"/>) before bwrap starts.</summary>
    public string SetprivPath { get; init; } = "/usr/bin/setpriv";

    /// <summary>The POSIX shell that joins the cgroups and sets rlimits before exec'ing the sandbox.</summary>
    public string ShellPath { get; init; } = "/bin/sh";

    /// <summary>coreutils <c>env</c>: clears the environment of the sandboxed program when bubblewrap is unavailable (standard isolation).</summary>
    public string EnvPath { get; init; } = "/usr/bin/env";

    /// <summary>
    /// Where each instance's unprivileged host uid (and gid) comes from when the platform runs as root: one
    /// uid per instance, stem cells included, released only once no process runs as it any more.
    /// </summary>
    public SandboxUserPool SandboxUsers { get; init; } = new();

    /// <summary>Where the cgroup file systems are mounted.</summary>
    public string CgroupMountPoint { get; init; } = "/sys/fs/cgroup";

    /// <summary>Name of the parent cgroup under which one child per instance is created.</summary>
    public string CgroupParentName { get; init; } = "faas";

    /// <summary>
    /// Host directories of shared system libraries the .NET runtime links against; bound read-only at the
    /// same path inside the sandbox (those that do not exist are skipped).
    /// </summary>
    public IReadOnlyList<string> SystemLibraryDirectories { get; init; } =
        ["/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib/aarch64-linux-gnu"];

    /// <summary>Share of the memory limit given to the .NET GC heap (<c>DOTNET_GCHeapHardLimit</c>).</summary>
    public double GcHeapFraction { get; init; } = 0.75;
}
