namespace Faas.Runtime.Process;

/// <summary>How strictly process-mode instances are sandboxed (<c>system.process_isolation_level</c>).</summary>
public enum IsolationLevel
{
    /// <summary>Namespaces, cgroups, seccomp and rlimits; an instance whose sandbox cannot be fully set up is refused.</summary>
    Strict,
    /// <summary>Like <see cref="Strict"/>, but a feature missing on this machine is logged and skipped.</summary>
    Standard,
    /// <summary>A plain child process (development only); only the environment is still built from scratch.</summary>
    None,
}
