using System.Globalization;
using System.Text;
using Faas.Orchestrator.Runtime;
using Faas.Runtime.Container.Docker.Models;
using Faas.Runtime.Container.Image;

namespace Faas.Runtime.Container.Containers;

/// <summary>
/// Turns an <see cref="InstanceSpec"/> into a container: no network, read-only root, a size-limited
/// tmpfs <c>/tmp</c>, memory (no swap), CPU and pids limits, every capability dropped,
/// <c>no-new-privileges</c>, a non-root user, only the socket directory bind-mounted, and labels.
/// Invalid limits are refused, never ignored.
/// </summary>
internal static class ContainerRequestFactory
{
    /// <summary>Docker refuses memory limits below 6 MiB.</summary>
    public const long MinimumMemoryBytes = 6L << 20;

    public static IReadOnlyList<string> HostCommand { get; } =
        ["dotnet", RuntimeImageLayout.HostDirectory + "/Faas.Host.dll", "--connect", InstanceSpec.SandboxSocketPath];

    public static string ContainerName(ContainerRuntimeOptions options, InstanceSpec spec) =>
        Sanitize($"faas-{options.PlatformId}-{spec.FunctionName}-{spec.InstanceId}", 128);

    public static ContainerCreateRequest Create(InstanceSpec spec, ContainerRuntimeOptions options)
    {
        var limits = spec.Limits;
        Require(limits.MemoryBytes >= MinimumMemoryBytes, $"memory limit {limits.MemoryBytes} bytes is below Docker's minimum of 6 MiB");
        Require(limits.CpuMillicores > 0, $"cpu limit {limits.CpuMillicores}m must be positive");
        Require(limits.MaxPids > 0, $"pids limit {limits.MaxPids} must be positive");
        Require(limits.TmpBytes > 0, $"tmp size {limits.TmpBytes} bytes must be positive");
        Require(limits.MaxOpenFiles > 0, $"open files limit {limits.MaxOpenFiles} must be positive");
        if (spec.SecretsDirectory is { } secrets)
        {
            RequireBindable(secrets, "secrets directory");
        }

        if (spec.Image is not null)
        {
            return CreateForImage(spec, options);
        }

        Require(Path.IsPathFullyQualified(spec.SocketDirectory) && !spec.SocketDirectory.Contains(':', StringComparison.Ordinal) && !spec.SocketDirectory.Contains(',', StringComparison.Ordinal),
            $"socket directory '{spec.SocketDirectory}' must be an absolute path without ':' or ','");

        return new ContainerCreateRequest
        {
            Image = options.BaseImage,
            Cmd = options.CommandOverride ?? HostCommand,
            Env = Environment(spec),
            User = options.User,
            WorkingDir = "/tmp",
            NetworkDisabled = true,
            AttachStdout = false,
            AttachStderr = false,
            Tty = false,
            Labels = new Dictionary<string, string>
            {
                [ContainerLabels.Platform] = options.PlatformId,
                [ContainerLabels.Function] = spec.FunctionName,
                [ContainerLabels.Instance] = spec.InstanceId,
                [ContainerLabels.Version] = spec.Version.ToString(CultureInfo.InvariantCulture),
            },
            HostConfig = LockedDown(limits, "rw,nosuid,nodev,noexec,mode=1777", [spec.SocketDirectory + ":" + InstanceSpec.SandboxSocketDirectory + ":rw", .. SecretsBind(spec)]),
        };
    }

    /// <summary>
    /// An OpenFaaS function image run as it is (its own entrypoint and command): the same lock-down as
    /// the host containers (no network — <c>--network none</c>, which keeps a loopback interface for the
    /// watchdog on port 8080 —, read-only root, tmpfs <c>/tmp</c>, limits, no capabilities, the
    /// unprivileged <see cref="ContainerRuntimeOptions.User"/>), the function's environment and labels,
    /// and only the secrets bound.
    /// </summary>
    private static ContainerCreateRequest CreateForImage(InstanceSpec spec, ContainerRuntimeOptions options)
    {
        var limits = spec.Limits;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in spec.Labels ?? new Dictionary<string, string>())
        {
            if (!key.StartsWith("faas.", StringComparison.Ordinal))
            {
                labels[key] = value;
            }
        }

        labels[ContainerLabels.Platform] = options.PlatformId;
        labels[ContainerLabels.Function] = spec.FunctionName;
        labels[ContainerLabels.Instance] = spec.InstanceId;
        labels[ContainerLabels.Version] = spec.Version.ToString(CultureInfo.InvariantCulture);
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in spec.Environment)
        {
            Require(name.Length > 0 && !name.Contains('=', StringComparison.Ordinal) && !name.Contains('\0', StringComparison.Ordinal) && !value.Contains('\0', StringComparison.Ordinal),
                $"environment variable name '{name}' is invalid");
            environment[name] = value;
        }

        return new ContainerCreateRequest
        {
            Image = spec.Image!,
            Env = [.. environment.Select(pair => pair.Key + "=" + pair.Value)],
            User = options.User,
            NetworkDisabled = false,
            Labels = labels,
            HostConfig = LockedDown(limits, "rw,nosuid,nodev,mode=1777", SecretsBind(spec)),
        };
    }

    private static string[] SecretsBind(InstanceSpec spec) =>
        spec.SecretsDirectory is { } secrets ? [secrets + ":" + InstanceSpec.SandboxSecretsDirectory + ":ro"] : [];

    private static void RequireBindable(string path, string what) =>
        Require(Path.IsPathFullyQualified(path) && !path.Contains(':', StringComparison.Ordinal) && !path.Contains(',', StringComparison.Ordinal),
            $"{what} '{path}' must be an absolute path without ':' or ','");

    /// <summary>The function's variables, then what the runtime needs (which wins). Nothing of the gateway's own environment.</summary>
    internal static IReadOnlyList<string> Environment(InstanceSpec spec)
    {
        var variables = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in spec.Environment)
        {
            Require(name.Length > 0 && !name.Contains('=', StringComparison.Ordinal) && !name.Contains('\0', StringComparison.Ordinal) && !value.Contains('\0', StringComparison.Ordinal),
                $"environment variable name '{name}' is invalid");
            variables[name] = value;
        }

        var heapLimit = spec.Limits.MemoryBytes / 4 * 3;
        variables["DOTNET_GCHeapHardLimit"] = "0x" + heapLimit.ToString("X", CultureInfo.InvariantCulture);
        variables["DOTNET_EnableDiagnostics"] = "0";
        variables["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        variables["DOTNET_gcServer"] = "0";
        variables["FAAS_INSTANCE_ID"] = spec.InstanceId;
        variables["FAAS_FUNCTION"] = spec.FunctionName;
        return [.. variables.Select(pair => pair.Key + "=" + pair.Value)];
    }

    private static void Require(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InstanceStartException("Cannot start a container: " + problem + ".");
        }
    }

    private static string Sanitize(string name, int maxLength)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '_');
        }

        return builder.Length > maxLength ? builder.ToString(0, maxLength) : builder.ToString();
    }

    /// <summary>
    /// The lock-down every container gets, function host or OpenFaaS image alike: no network, read-only
    /// root, a size-limited tmpfs /tmp, memory without swap, CPU and pids limits, no capabilities,
    /// no-new-privileges, private IPC, bounded logs.
    /// </summary>
    private static HostConfig LockedDown(ResourceLimits limits, string tmpOptions, IReadOnlyList<string> binds) => new()
    {
        NetworkMode = "none",
        ReadonlyRootfs = true,
        Tmpfs = new Dictionary<string, string>
        {
            ["/tmp"] = tmpOptions + ",size=" + limits.TmpBytes.ToString(CultureInfo.InvariantCulture),
        },
        Binds = [.. binds],
        Memory = limits.MemoryBytes,
        MemorySwap = limits.MemoryBytes,
        NanoCpus = limits.CpuMillicores * 1_000_000L,
        PidsLimit = limits.MaxPids,
        CapDrop = ["ALL"],
        SecurityOpt = ["no-new-privileges:true"],
        Ulimits = [new Ulimit("nofile", limits.MaxOpenFiles, limits.MaxOpenFiles)],
        Privileged = false,
        IpcMode = "private",
        OomKillDisable = false,
        LogConfig = new LogConfig
        {
            Type = "json-file",
            Config = new Dictionary<string, string> { ["max-size"] = "10m", ["max-file"] = "1" },
        },
    };
}
