namespace Faas.Orchestrator.Runtime;

/// <summary>Where a function's host runs.</summary>
public enum ExecutionMode
{
    /// <summary>A sandboxed child process (namespaces, cgroups, seccomp).</summary>
    Process,
    /// <summary>A Docker container.</summary>
    Container,
}
