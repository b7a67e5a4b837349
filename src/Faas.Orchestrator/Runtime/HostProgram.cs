namespace Faas.Orchestrator.Runtime;

/// <summary>Which program a runtime starts for an <see cref="InstanceSpec"/>: a function's host, or the compiler worker.</summary>
public enum HostProgram
{
    /// <summary><c>Faas.Host</c>: serves one function's handler.</summary>
    Host,

    /// <summary>
    /// <c>Faas.Compiler</c>: compiles handler source for the gateway, sandboxed like a function instance (own uid and
    /// cgroup, no network). Only the process runtime starts it; it connects to the same socket path as a host.
    /// </summary>
    Compiler,
}
