namespace Faas.Orchestrator.Runtime;

/// <summary>Everything a runtime needs to start one host.</summary>
/// <param name="InstanceId">Unique id of the instance (also names its cgroup, container and socket directory).</param>
/// <param name="FunctionName">The function this instance serves.</param>
/// <param name="Version">The function version it serves.</param>
/// <param name="SocketDirectory">Host directory holding <c>host.sock</c>; mount it at <see cref="SandboxSocketDirectory"/>.</param>
/// <param name="Limits">Resource limits to enforce.</param>
/// <param name="Environment">The function's environment variables: the host's environment is these plus what the runtime needs, never the gateway's.</param>
/// <param name="Logs">Where the host's stdout and stderr lines go.</param>
/// <param name="SecretsDirectory">
/// Host directory holding the function's secrets (one file per secret), or null; runtimes hand it to the
/// sandbox user and bind it read-only at <see cref="SandboxSecretsDirectory"/>.
/// </param>
/// <param name="Image">
/// An OpenFaaS function image to run as it is (container mode only) instead of <c>Faas.Host</c>: no socket
/// is mounted; the orchestrator reaches the image's watchdog on port 8080 inside the container's own network
/// namespace.
/// </param>
/// <param name="Labels">Extra labels for the instance (container labels for image functions).</param>
/// <param name="WritableRoot">
/// An image function that asked for a writable root file system (OpenFaaS <c>readOnlyRootFilesystem: false</c>); the
/// runtime gives it only within the operator's policy. Every other instance runs on a read-only root.
/// </param>
/// <param name="Program">The program to start: a function's host, or the compiler worker (process runtime only).</param>
/// <param name="ObjectsDirectory">
/// Host directory holding copies of the function's objects as of the start (one file per object), or null; runtimes
/// hand it to the sandbox user and bind it read-only at <see cref="SandboxObjectsDirectory"/>, as they do secrets.
/// </param>
public sealed record InstanceSpec(
    string InstanceId,
    string FunctionName,
    long Version,
    string SocketDirectory,
    ResourceLimits Limits,
    IReadOnlyDictionary<string, string> Environment,
    IInstanceLogSink Logs,
    string? SecretsDirectory = null,
    string? Image = null,
    IReadOnlyDictionary<string, string>? Labels = null,
    bool WritableRoot = false,
    HostProgram Program = HostProgram.Host,
    string? ObjectsDirectory = null)
{
    /// <summary>Where the objects directory appears inside a sandbox or container.</summary>
    public const string SandboxObjectsDirectory = "/var/faas/objects";

    /// <summary>Where the secrets directory appears inside a sandbox or container (the OpenFaaS convention).</summary>
    public const string SandboxSecretsDirectory = "/var/openfaas/secrets";

    /// <summary>Where the socket directory appears inside a sandbox or container.</summary>
    public const string SandboxSocketDirectory = "/run/faas";

    /// <summary>The path the host connects to inside the sandbox (passed as <c>--connect</c>).</summary>
    public const string SandboxSocketPath = SandboxSocketDirectory + "/host.sock";

    /// <summary>The host-side path of the socket the orchestrator listens on.</summary>
    public string HostSocketPath => Path.Combine(SocketDirectory, "host.sock");
}

/// <summary>Limits for one instance. Zero means "no limit" only where documented.</summary>
/// <param name="MemoryBytes">Memory limit (cgroup memory / container memory); also sizes the GC heap.</param>
/// <param name="CpuMillicores">CPU quota in millicores (1000 = one core).</param>
/// <param name="MaxPids">Maximum number of processes and threads.</param>
/// <param name="TmpBytes">Size of the private tmpfs at <c>/tmp</c>.</param>
/// <param name="MaxOpenFiles">RLIMIT_NOFILE.</param>
public sealed record ResourceLimits(long MemoryBytes, int CpuMillicores, int MaxPids, long TmpBytes, int MaxOpenFiles)
{
    public static ResourceLimits Default { get; } = new(256L << 20, 1000, 256, 64L << 20, 1024);
}

/// <summary>Receives the lines a host writes to stdout and stderr.</summary>
public interface IInstanceLogSink
{
    void Write(string instanceId, LogStream stream, string line);
}

public enum LogStream
{
    Stdout,
    Stderr,
}
