using System.Collections.Concurrent;
using System.Globalization;
using Docker.DotNet.Models;
using Faas.Orchestrator.Runtime;
using Faas.Runtime.Container.Containers;
using Faas.Runtime.Container.Docker;
using Faas.Runtime.Container.Image;
using Microsoft.Extensions.Logging;

namespace Faas.Runtime.Container;

/// <summary>
/// Runs <c>Faas.Host</c> in Docker containers. Without an engine (or when disabled) it stays
/// <see cref="RuntimeStatus.Unavailable"/> and refuses to start instances with a message that says how
/// to enable Docker; it never throws from <see cref="InitializeAsync"/> for that.
/// </summary>
internal sealed class ContainerRuntime : IFunctionRuntime
{
    private readonly ContainerRuntimeOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ConcurrentDictionary<string, ContainerInstance> _instances = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<SandboxUserLease> _stranded = new();
    private DockerClient? _docker;
    private FunctionImages? _functionImages;
    private Task<ImageInspectResponse>? _image;
    private volatile RuntimeStatus _status = RuntimeStatus.Unavailable("container runtime not initialized yet");
    private string _engineSummary = "";

    public ContainerRuntime(ContainerRuntimeOptions options, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _options = options;
        _logger = loggerFactory.CreateLogger("Faas.Runtime.Container");
        _time = time;
    }

    public ExecutionMode Mode => ExecutionMode.Container;

    public bool SupportsStemCells => true;

    public RuntimeStatus Status => _status;

    /// <summary>Completes once the runtime image is ready (or failed); null without an engine.</summary>
    internal Task<ImageInspectResponse>? ImageReady => _image;

    internal DockerClient? Docker => _docker;

    internal static string HowToEnable(string endpoint) =>
        "To enable container mode: install Docker (apt-get install docker.io, or run scripts/ensure-docker.sh), " +
        $"start the engine with 'dockerd --bridge=none --iptables=false' so that {endpoint} answers, " +
        "and unset FAAS_DISABLE_CONTAINER.";

    public Task InitializeAsync(CancellationToken cancellationToken) => ConnectAsync(prepareImage: true, cancellationToken);

    /// <summary>Probes the engine; with <paramref name="prepareImage"/> also starts making the runtime image in the background.</summary>
    private async Task ConnectAsync(bool prepareImage, CancellationToken cancellationToken)
    {
        if (_options.Disabled)
        {
            SetUnavailable("Container mode is disabled (FAAS_DISABLE_CONTAINER is set). " + HowToEnable(_options.DockerEndpoint));
            return;
        }

        DockerEndpoint endpoint;
        try
        {
            endpoint = DockerEndpoint.Parse(_options.DockerEndpoint);
        }
        catch (ArgumentException ex)
        {
            SetUnavailable($"Container mode is unavailable: {ex.Message} " + HowToEnable(ContainerRuntimeOptions.DefaultDockerEndpoint));
            return;
        }

        if (!File.Exists(endpoint.SocketPath))
        {
            SetUnavailable($"Container mode is unavailable: no Docker engine socket at {endpoint.SocketPath}. " + HowToEnable(endpoint.ToString()));
            return;
        }

        var docker = DockerClient.Create(endpoint, _options.RequestTimeout);
        try
        {
            using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            probe.CancelAfter(_options.EngineProbeTimeout);
            await docker.PingAsync(probe.Token).ConfigureAwait(false);
            var version = await docker.NegotiateAsync(probe.Token).ConfigureAwait(false);
            var info = await docker.GetInfoAsync(probe.Token).ConfigureAwait(false);
            var missing = MissingLimits(info);
            if (missing.Count > 0)
            {
                docker.Dispose();
                SetUnavailable($"Container mode is unavailable: the Docker engine at {endpoint} cannot enforce {string.Join(", ", missing)} limits (check its cgroup set-up).");
                return;
            }

            _engineSummary = $"Docker {version.Version} (API {docker.ApiVersion}, storage {info.Driver}, cgroup v{info.CgroupVersion ?? "1"}) at {endpoint}";
            _functionImages = new FunctionImages(docker, _options, StorageQuotaProblem(info), _logger, _time);
            ContainerLog.EngineReady(_logger, version.Version, docker.ApiVersion?.ToString(), endpoint.ToString());
        }
        catch (Exception ex) when (ex is DockerUnreachableException or DockerApiException)
        {
            // Unreachable: the engine's absence. An API error: Docker's own message (an engine too old, a refusal).
            docker.Dispose();
            SetUnavailable($"Container mode is unavailable: {ex.Message}. " + HowToEnable(endpoint.ToString()));
            return;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            docker.Dispose();
            SetUnavailable($"Container mode is unavailable: no Docker engine answered at {endpoint} within " +
                $"{_options.EngineProbeTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s. " + HowToEnable(endpoint.ToString()));
            return;
        }

        _docker = docker;
        _status = RuntimeStatus.Ready($"{_engineSummary}; runtime image {_options.BaseImage} being prepared");
        if (prepareImage)
        {
            _ = EnsureImageTask(docker);
        }
    }

    private Task<ImageInspectResponse> EnsureImageTask(DockerClient docker)
    {
        lock (_shutdown)
        {
            return _image ??= Task.Run(() => PrepareImageAsync(docker, _shutdown.Token), CancellationToken.None);
        }
    }

    private async Task<ImageInspectResponse> PrepareImageAsync(DockerClient docker, CancellationToken cancellationToken)
    {
        try
        {
            var image = await new RuntimeImageProvider(docker, _options, _logger, _time).EnsureAsync(cancellationToken).ConfigureAwait(false);
            _status = RuntimeStatus.Ready($"{_engineSummary}; runtime image {_options.BaseImage} ready");
            return image;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ContainerLog.ImageFailed(_logger, _options.BaseImage, ex);
            var message = ex is ImageUnavailableException ? ex.Message : $"The runtime image {_options.BaseImage} could not be built: {ex.Message}";
            _status = RuntimeStatus.Unavailable(message);
            throw new ImageUnavailableException(message, ex);
        }
    }

    public async Task<IRuntimeInstance> StartAsync(InstanceSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Program != HostProgram.Host)
        {
            throw new InstanceStartException("the compiler worker runs in process mode only");
        }

        spec = ContainerRequestFactory.WithEngineFloor(spec);
        if (_docker is not { } docker)
        {
            throw new InstanceStartException(_status.Message);
        }

        if (_functionImages?.WritableRootProblem(spec.Image is not null && spec.WritableRoot) is { } writableRoot)
        {
            throw new InstanceStartException($"Cannot start '{spec.FunctionName}': {writableRoot}.");
        }

        var image = await ImageOfAsync(docker, spec, cancellationToken).ConfigureAwait(false);
        var lease = _options.Users.Acquire();
        string? id = null;
        NetworkNamespaceHandle? networkNamespace = null;
        try
        {
            var request = ContainerRequestFactory.Create(spec, _options, lease.UserId, image.Config?.Volumes?.Keys, _functionImages?.CanBoundWritableRoot ?? false);
            if (spec.SecretsDirectory is { } secrets)
            {
                SecretsGrant.Apply(secrets, lease.UserId);
            }

            if (spec.Image is null)
            {
                SocketGrant.Apply(spec, lease.UserId);
            }

            id = (await docker.CreateContainerAsync(request, cancellationToken).ConfigureAwait(false)).ID;
            await docker.StartContainerAsync(id, cancellationToken).ConfigureAwait(false);
            var state = (await docker.InspectContainerAsync(id, cancellationToken).ConfigureAwait(false)).State;
            if (spec.Image is not null)
            {
                // The watchdog is reached through this handle for the container's whole life: never through its pid.
                (networkNamespace, var problem) = await NamespaceCapture.OpenAsync(docker, id, state, cancellationToken).ConfigureAwait(false);
                if (networkNamespace is null)
                {
                    ContainerLog.NamespaceNotCaptured(_logger, id, problem);
                }
            }

            var instance = new ContainerInstance(docker, id, spec, lease, networkNamespace, _logger, OnInstanceDisposed);
            _instances[id] = instance;
            instance.Begin(state?.Pid is > 0 and <= int.MaxValue ? (int)state.Pid : null);
            ContainerLog.ContainerStarted(_logger, id, spec.FunctionName, spec.Version, spec.InstanceId, lease.UserId);
            return instance;
        }
        catch (Exception ex)
        {
            networkNamespace?.Dispose();
            var removed = id is null || await RemoveQuietlyAsync(docker, id).ConfigureAwait(false);
            ReleaseOrKeep(lease, removed);
            if (ex is DockerApiException or DockerUnreachableException)
            {
                throw new InstanceStartException($"Could not start a container for '{spec.FunctionName}': {ex.Message}", ex);
            }

            throw;
        }
    }

    /// <summary>
    /// Before a deploy of an OpenFaaS image: pulls it when missing and checks the root file system asked for
    /// (<see cref="IImageFunctionRuntime.PrepareImageAsync"/>).
    /// </summary>
    public Task<ImagePreparation> PrepareImageAsync(string image, RegistryCredential? credential, bool writableRoot, CancellationToken cancellationToken) =>
        _functionImages is { } images
            ? images.PrepareAsync(image, credential, writableRoot, cancellationToken)
            : Task.FromResult(ImagePreparation.Unavailable(_status.Message));

    /// <summary>The function's image (pulled again when the engine lost it), or the runtime image once ready.</summary>
    private async Task<ImageInspectResponse> ImageOfAsync(DockerClient docker, InstanceSpec spec, CancellationToken cancellationToken)
    {
        if (spec.Image is { } functionImage)
        {
            return await (_functionImages ?? new FunctionImages(docker, _options, "unknown", _logger, _time))
                .EnsureAsync(functionImage, spec.FunctionName, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await EnsureImageTask(docker).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ImageUnavailableException ex)
        {
            throw new InstanceStartException(ex.Message, ex);
        }
    }

    private void OnInstanceDisposed(ContainerInstance instance, SandboxUserLease? stillHeld)
    {
        _instances.TryRemove(instance.RuntimeId, out _);
        if (stillHeld is not null)
        {
            ReleaseOrKeep(stillHeld, removed: false);
        }
    }

    /// <summary>
    /// Frees a container's uid once the engine removed it; otherwise keeps it held until the platform's
    /// containers are removed at shutdown, so no new instance gets the uid of a container that may still run.
    /// </summary>
    private void ReleaseOrKeep(SandboxUserLease lease, bool removed)
    {
        if (removed)
        {
            lease.Dispose();
            return;
        }

        ContainerLog.UserKept(_logger, lease.UserId);
        _stranded.Enqueue(lease);
    }

    public async Task CleanupOrphansAsync(CancellationToken cancellationToken)
    {
        if (_docker is { } docker)
        {
            var removed = await RemovePlatformContainersAsync(docker, cancellationToken).ConfigureAwait(false);
            ContainerLog.ContainersRemoved(_logger, removed, _options.PlatformId, "left by a previous run");
        }
    }

    public async Task<IReadOnlyList<FeatureCheck>> CheckSystemAsync(CancellationToken cancellationToken)
    {
        if (_docker is null && !_options.Disabled)
        {
            // --check-system: probe the engine, but do not build the image for a report.
            await ConnectAsync(prepareImage: false, cancellationToken).ConfigureAwait(false);
        }

        var checks = new List<FeatureCheck>();
        if (_docker is not { } docker)
        {
            checks.Add(new FeatureCheck("docker engine", false, _status.Message));
            return checks;
        }

        checks.Add(new FeatureCheck("docker engine", true, _engineSummary));
        var info = await docker.GetInfoAsync(cancellationToken).ConfigureAwait(false);
        checks.Add(new FeatureCheck("docker memory limit", info.MemoryLimit, info.MemoryLimit ? "enforced" : "not supported by the engine"));
        checks.Add(new FeatureCheck("docker pids limit", info.PidsLimit, info.PidsLimit ? "enforced" : "not supported by the engine"));
        checks.Add(new FeatureCheck("docker cpu quota", info.CPUCfsQuota, info.CPUCfsQuota ? "enforced" : "not supported by the engine"));
        var present = await docker.InspectImageAsync(_options.BaseImage, cancellationToken).ConfigureAwait(false);
        var managed = new RuntimeImageProvider(docker, _options, _logger, _time).IsManaged;
        checks.Add(new FeatureCheck(
            "runtime image",
            present is not null || managed,
            present is not null ? $"{_options.BaseImage} present ({present.Size >> 20} MiB)"
            : managed ? $"{_options.BaseImage} missing: built locally at start-up"
            : $"{_options.BaseImage} missing and cannot be pulled (no registry)"));
        return checks;
    }

    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync().ConfigureAwait(false);
        if (_docker is { } docker)
        {
            await Task.WhenAll(_instances.Values.Select(i => i.DisposeAsync().AsTask())).ConfigureAwait(false);
            try
            {
                using var timeout = new CancellationTokenSource(_options.RequestTimeout);
                var removed = await RemovePlatformContainersAsync(docker, timeout.Token).ConfigureAwait(false);
                ContainerLog.ContainersRemoved(_logger, removed, _options.PlatformId, "shutdown");
                while (_stranded.TryDequeue(out var lease))
                {
                    lease.Dispose();
                }
            }
            catch (Exception ex) when (ex is DockerApiException or DockerUnreachableException or OperationCanceledException)
            {
                ContainerLog.RemoveFailed(_logger, "(all)", ex);
            }

            if (_image is { } image)
            {
                await Task.WhenAny(image, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
            }

            docker.Dispose();
        }

        _shutdown.Dispose();
    }

    private async Task<int> RemovePlatformContainersAsync(DockerClient docker, CancellationToken cancellationToken)
    {
        var containers = await docker.ListContainersAsync([$"{ContainerLabels.Platform}={_options.PlatformId}"], cancellationToken).ConfigureAwait(false);
        var removed = 0;
        foreach (var container in containers)
        {
            if (await docker.RemoveContainerAsync(container.ID, cancellationToken).ConfigureAwait(false))
            {
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Removes a container; false when the engine could not (it may still exist).</summary>
    private async Task<bool> RemoveQuietlyAsync(DockerClient docker, string id)
    {
        try
        {
            await docker.RemoveContainerAsync(id, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is DockerApiException or DockerUnreachableException)
        {
            ContainerLog.RemoveFailed(_logger, id, ex);
            return false;
        }
    }

    /// <summary>Why the engine cannot size-limit a container's writable layer, or null when it can (overlay2 on xfs).</summary>
    internal static string? StorageQuotaProblem(SystemInfoResponse info)
    {
        var backing = info.DriverStatus?.FirstOrDefault(pair => pair.Length == 2 && pair[0] == "Backing Filesystem")?[1];
        return info.Driver == "overlay2" && backing == "xfs"
            ? null
            : $"storage driver {info.Driver} on {backing ?? "an unreported file system"}; a size limit needs overlay2 on xfs mounted with pquota";
    }

    private static List<string> MissingLimits(SystemInfoResponse info)
    {
        var missing = new List<string>();
        if (!info.MemoryLimit)
        {
            missing.Add("memory");
        }

        if (!info.PidsLimit)
        {
            missing.Add("pids");
        }

        return missing;
    }

    private void SetUnavailable(string message)
    {
        _status = RuntimeStatus.Unavailable(message);
        ContainerLog.Unavailable(_logger, message);
    }
}
