using Faas.Gateway.Configuration;
using Faas.Orchestrator.Runtime;
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
            CgroupParentName = "faas-" + HostLayoutLocator.PlatformId(storage),
        };
    }

    public static ContainerRuntimeOptions Container(FaasConfig config, HostLayout layout) =>
        new(layout, config.Runtimes.BaseImage, config.Runtimes.DockerEndpoint, config.Runtimes.DisableContainer,
            HostLayoutLocator.PlatformId(config.Platform.StoragePath));
}
