using Faas.Gateway.Configuration;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Storage;
using Faas.Runtime.Container;
using Faas.Runtime.Process;

namespace Faas.Gateway.Hosting;

/// <summary>The process and container runtimes' options from the config.</summary>
internal static class RuntimeSetup
{
    public static ProcessRuntimeOptions Process(FaasConfig config, HostLayout layout)
    {
        var storage = Path.GetFullPath(config.Platform.StoragePath);
        return new ProcessRuntimeOptions(layout, config.Runtimes.Isolation switch
        {
            ProcessIsolation.Standard => IsolationLevel.Standard,
            ProcessIsolation.None => IsolationLevel.None,
            _ => IsolationLevel.Strict,
        }, Path.Combine(storage, "process"))
        {
            // One cgroup parent per platform (storage path): orphan clean-up at start-up must
            // never touch the instances of another platform running on the same machine.
            CgroupParentName = "faas-" + Orchestrator.Instances.SocketPlacement.PlatformId(storage),
        };
    }

    public static ContainerRuntimeOptions Container(FaasConfig config, HostLayout layout, ISecretStore secrets) =>
        new(layout, config.Runtimes.BaseImage, config.Runtimes.DockerEndpoint, config.Runtimes.DisableContainer,
            Orchestrator.Instances.SocketPlacement.PlatformId(config.Platform.StoragePath))
        {
            WritableRoot = config.Runtimes.WritableRoot,
            PullTimeout = config.Runtimes.PullTimeout,
            RegistryCredentials = config.Runtimes.RegistryAuth.Count == 0 ? null : (registry, cancellationToken) =>
                RegistryCredentialsAsync(config.Runtimes.RegistryAuth, secrets, registry, cancellationToken),
        };

    /// <summary>The operator's credential for <paramref name="registry"/> (<c>openfaas.registry_auth</c>): a secret holding <c>user:password</c>.</summary>
    private static async Task<RegistryCredential?> RegistryCredentialsAsync(
        IReadOnlyDictionary<string, string> configured, ISecretStore secrets, string registry, CancellationToken cancellationToken)
    {
        if (!configured.TryGetValue(registry, out var secret))
        {
            return null;
        }

        // The operator's registry credentials are secrets of the default namespace.
        var value = await secrets.ReadAsync(Orchestrator.Namespaces.NamespaceName.Default, secret, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"secret '{secret}', the credential openfaas.registry_auth names for {registry}, does not exist");
        return RegistryCredential.Parse(value, base64: false)
            ?? throw new InvalidOperationException($"secret '{secret}', the credential openfaas.registry_auth names for {registry}, must hold user:password");
    }
}
