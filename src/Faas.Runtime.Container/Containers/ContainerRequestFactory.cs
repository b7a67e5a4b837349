using System.Globalization;
using System.Text;
using Docker.DotNet.Models;
using Faas.Orchestrator.Runtime;
using Faas.Runtime.Container.Image;

namespace Faas.Runtime.Container.Containers;

/// <summary>
/// Turns an <see cref="InstanceSpec"/> into a container: no network, read-only root, a size-limited
/// tmpfs <c>/tmp</c> (and one in place of each volume the image declares, see <see cref="ImageVolumes"/>),
/// memory (no swap), CPU and pids limits, every capability dropped, <c>no-new-privileges</c>, the
/// instance's own unprivileged uid, no health check, only the socket directory bind-mounted, and labels.
/// Invalid limits are refused, never ignored.
/// </summary>
internal static class ContainerRequestFactory
{
    /// <summary>Docker refuses memory limits below 6 MiB.</summary>
    public const long MinimumMemoryBytes = 6L << 20;

    /// <summary>Docker refuses fewer than 0.01 CPUs.</summary>
    public const int MinimumCpuMillicores = 10;

    public static IReadOnlyList<string> HostCommand { get; } =
        ["dotnet", RuntimeImageLayout.HostDirectory + "/Faas.Host.dll", "--connect", InstanceSpec.SandboxSocketPath];

    /// <summary>
    /// OpenFaaS accepts any limit for an image (a few MiB suit a small static binary): below the engine's own floor an
    /// image function's container gets the floor (Docker refuses less than 6 MiB of memory or 10m of CPU). Host
    /// containers keep their limits (the deploy's floors are higher).
    /// </summary>
    public static InstanceSpec WithEngineFloor(InstanceSpec spec) => spec.Image is null ? spec : spec with
    {
        Limits = spec.Limits with
        {
            MemoryBytes = Math.Max(spec.Limits.MemoryBytes, MinimumMemoryBytes),
            CpuMillicores = Math.Max(spec.Limits.CpuMillicores, MinimumCpuMillicores),
        },
    };

    public static string ContainerName(ContainerRuntimeOptions options, InstanceSpec spec) =>
        Sanitize($"faas-{options.PlatformId}-{spec.FunctionName}-{spec.InstanceId}", 128);

    /// <param name="spec">The instance.</param>
    /// <param name="options">The runtime's options.</param>
    /// <param name="userId">The instance's leased host uid (also its gid).</param>
    /// <param name="imageVolumes">The paths the image declares as volumes (<c>Config.Volumes</c>).</param>
    /// <param name="boundWritableRoot">The engine can size-limit a writable root (an image function asking for one gets <c>--storage-opt size=</c> its tmp_size).</param>
    public static CreateContainerParameters Create(
        InstanceSpec spec, ContainerRuntimeOptions options, int userId, IEnumerable<string>? imageVolumes = null, bool boundWritableRoot = false)
    {
        spec = WithEngineFloor(spec);
        var limits = spec.Limits;
        Require(limits.MemoryBytes >= MinimumMemoryBytes, $"memory limit {limits.MemoryBytes} bytes is below Docker's minimum of 6 MiB");
        Require(limits.CpuMillicores > 0, $"cpu limit {limits.CpuMillicores}m must be positive");
        Require(limits.MaxPids > 0, $"pids limit {limits.MaxPids} must be positive");
        Require(limits.TmpBytes > 0, $"tmp size {limits.TmpBytes} bytes must be positive");
        Require(limits.MaxOpenFiles > 0, $"open files limit {limits.MaxOpenFiles} must be positive");
        Require(userId > 0, $"user id {userId} must not be root");
        if (spec.SecretsDirectory is { } secrets)
        {
            RequireBindable(secrets, "secrets directory");
        }

        if (spec.ObjectsDirectory is { } objects)
        {
            RequireBindable(objects, "objects directory");
        }

        if (spec.Image is not null)
        {
            return CreateForImage(spec, options, userId, imageVolumes, boundWritableRoot);
        }

        Require(Path.IsPathFullyQualified(spec.SocketDirectory) && !spec.SocketDirectory.Contains(':', StringComparison.Ordinal) && !spec.SocketDirectory.Contains(',', StringComparison.Ordinal),
            $"socket directory '{spec.SocketDirectory}' must be an absolute path without ':' or ','");

        return new CreateContainerParameters
        {
            Name = ContainerName(options, spec),
            Image = options.BaseImage,
            Cmd = [.. options.CommandOverride ?? HostCommand],
            Env = [.. Environment(spec)],
            User = User(userId),
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
            Healthcheck = NoHealthCheck(),
            HostConfig = LockedDown(limits, "rw,nosuid,nodev,noexec,mode=1777", [(spec.SocketDirectory, InstanceSpec.SandboxSocketDirectory, "rw"), .. SecretsBind(spec)],
                imageVolumes, userId, options.BaseImage),
        };
    }

    /// <summary>
    /// An OpenFaaS function image run as it is (its own entrypoint and command): the same lock-down as
    /// the host containers (no network — <c>--network none</c>, which keeps a loopback interface for the
    /// watchdog on port 8080 —, read-only root, tmpfs <c>/tmp</c> and in place of the image's volumes, limits,
    /// no capabilities, the instance's own uid, no health check), the function's environment and labels, and
    /// only the secrets bound.
    /// </summary>
    private static CreateContainerParameters CreateForImage(
        InstanceSpec spec, ContainerRuntimeOptions options, int userId, IEnumerable<string>? imageVolumes, bool boundWritableRoot)
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

        var host = LockedDown(limits, "rw,nosuid,nodev,mode=1777", SecretsBind(spec), imageVolumes, userId, spec.Image!);
        if (spec.WritableRoot)
        {
            // OpenFaaS's default: a writable root. Its layer is bounded like /tmp where the engine can bound it; the
            // runtime refuses an unbounded one before this unless the operator allowed it (openfaas.writable_root).
            host.ReadonlyRootfs = false;
            if (boundWritableRoot)
            {
                host.StorageOpt = new Dictionary<string, string> { ["size"] = limits.TmpBytes.ToString(CultureInfo.InvariantCulture) };
            }
        }

        return new CreateContainerParameters
        {
            Name = ContainerName(options, spec),
            Image = spec.Image!,
            Env = [.. environment.Select(pair => pair.Key + "=" + pair.Value)],
            User = User(userId),
            NetworkDisabled = false,
            Labels = labels,
            Healthcheck = NoHealthCheck(),
            HostConfig = host,
        };
    }

    /// <summary>The secrets and the function's objects (copies as of the start), each bound read-only.</summary>
    private static (string Source, string Destination, string Mode)[] SecretsBind(InstanceSpec spec) =>
        [
            .. spec.SecretsDirectory is { } secrets ? [(secrets, InstanceSpec.SandboxSecretsDirectory, "ro")] : Array.Empty<(string, string, string)>(),
            .. spec.ObjectsDirectory is { } objects ? [(objects, InstanceSpec.SandboxObjectsDirectory, "ro")] : Array.Empty<(string, string, string)>(),
        ];

    /// <summary>Disables any health check the image declares: it would run inside the function's limits.</summary>
    private static HealthcheckConfig NoHealthCheck() => new() { Test = ["NONE"] };

    private static string User(int userId) => string.Create(CultureInfo.InvariantCulture, $"{userId}:{userId}");

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
        // The instance's uid has no passwd entry: give the runtime a writable home and temp directory.
        variables["HOME"] = "/tmp";
        variables["TMPDIR"] = "/tmp";
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
    /// root, a size-limited tmpfs /tmp and one per volume the image declares (no engine volume), memory
    /// without swap, CPU and pids limits, no capabilities, no-new-privileges, private IPC, bounded logs.
    /// </summary>
    private static HostConfig LockedDown(
        ResourceLimits limits, string tmpOptions, IReadOnlyList<(string Source, string Destination, string Mode)> binds,
        IEnumerable<string>? imageVolumes, int userId, string image)
    {
        var tmpfs = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["/tmp"] = tmpOptions + ",size=" + limits.TmpBytes.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (path, options) in ImageVolumes.Tmpfs(imageVolumes, ["/tmp", .. binds.Select(b => b.Destination)], limits.TmpBytes, userId, image))
        {
            tmpfs[path] = options;
        }

        return LockedDown(limits, tmpfs, [.. binds.Select(b => b.Source + ":" + b.Destination + ":" + b.Mode)]);
    }

    private static HostConfig LockedDown(ResourceLimits limits, IReadOnlyDictionary<string, string> tmpfs, IReadOnlyList<string> binds) => new()
    {
        NetworkMode = "none",
        ReadonlyRootfs = true,
        Tmpfs = new Dictionary<string, string>(tmpfs, StringComparer.Ordinal),
        Binds = [.. binds],
        Memory = limits.MemoryBytes,
        MemorySwap = limits.MemoryBytes,
        NanoCPUs = limits.CpuMillicores * 1_000_000L,
        PidsLimit = limits.MaxPids,
        CapDrop = ["ALL"],
        SecurityOpt = ["no-new-privileges:true"],
        Ulimits = [new Ulimit { Name = "nofile", Soft = limits.MaxOpenFiles, Hard = limits.MaxOpenFiles }],
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
