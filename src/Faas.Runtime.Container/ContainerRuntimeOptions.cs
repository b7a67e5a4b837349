using Faas.Orchestrator.Runtime;

namespace Faas.Runtime.Container;

/// <summary>Configuration of the container execution mode.</summary>
/// <param name="Host">Where the published <c>Faas.Host</c> and the .NET runtime live; copied into the runtime image.</param>
/// <param name="BaseImage">
/// The runtime image (<c>system.base_image</c>). An image of the repository <see cref="ManagedImageRepository"/>
/// (default <c>faas-runtime</c>) is built locally when missing or stale; any other image must already exist
/// and contain a .NET runtime (<c>dotnet</c> on <c>PATH</c>) and the published host at <c>/faas/host</c>.
/// </param>
/// <param name="DockerEndpoint">The engine endpoint; only <c>unix://</c> sockets are accepted.</param>
/// <param name="Disabled">True when container mode is switched off (<c>FAAS_DISABLE_CONTAINER=1</c>).</param>
/// <param name="PlatformId">Value of the <c>faas.platform</c> label: containers of this platform instance.</param>
public sealed record ContainerRuntimeOptions(
    HostLayout Host,
    string BaseImage,
    string DockerEndpoint = ContainerRuntimeOptions.DefaultDockerEndpoint,
    bool Disabled = false,
    string PlatformId = "default")
{
    public const string DefaultDockerEndpoint = "unix:///var/run/docker.sock";

    /// <summary>Images of this repository are built by the platform; others are the user's own.</summary>
    public string ManagedImageRepository { get; init; } = "faas-runtime";

    /// <summary>
    /// The default user baked into the runtime image (<c>USER</c>, never root). Containers do not run as it:
    /// each runs as its own uid leased from <see cref="Users"/>.
    /// </summary>
    public string User { get; init; } = "65534:65534";

    /// <summary>
    /// Where each container's host uid comes from (one per container, stem cells included; its socket and
    /// secrets are handed to it). The default pool shares its lock directory with the process runtime's, so
    /// no two instances of any mode on this machine share a uid. Tests inject their own.
    /// </summary>
    public SandboxUserPool Users { get; init; } = new();

    /// <summary>How long to wait for the engine to answer a ping at start-up.</summary>
    public TimeSpan EngineProbeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Timeout of ordinary (non-streaming) engine calls.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether image functions may run with a writable root, and how it is bounded (<c>openfaas.writable_root</c>).</summary>
    public WritableRootPolicy WritableRoot { get; init; } = WritableRootPolicy.Bounded;

    /// <summary>
    /// The operator's credential for a registry host (<c>openfaas.registry_auth</c>), used to pull an image when its
    /// deploy brought none and when an image has to be pulled again at an instance's start; null: none configured.
    /// </summary>
    public Func<string, CancellationToken, Task<RegistryCredential?>>? RegistryCredentials { get; init; }

    /// <summary>How long pulling one image may take before the deploy (or start) is refused.</summary>
    public TimeSpan PullTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Tests only: replaces the host command line inside the container.</summary>
    internal IReadOnlyList<string>? CommandOverride { get; init; }
}
