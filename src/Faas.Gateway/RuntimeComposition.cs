using System.Security.Cryptography;
using System.Text;
using Faas.Gateway.Configuration;
using Faas.Orchestrator.Runtime;
using Faas.Runtime.Container;
using Faas.Runtime.Process;

namespace Faas.Gateway;

/// <summary>Builds the process and container runtimes from the config.</summary>
internal sealed class RuntimeComposition : IAsyncDisposable
{
    private RuntimeComposition(IReadOnlyList<IFunctionRuntime> all) => All = all;

    public IReadOnlyList<IFunctionRuntime> All { get; }

    public static RuntimeComposition Create(FaasConfig config, ILoggerFactory loggerFactory, TimeProvider? time = null)
    {
        var layout = LocateHost();
        var storage = Path.GetFullPath(config.Platform.StoragePath);
        var platformId = PlatformId(storage);
        var process = ProcessRuntimeFactory.Create(
            new ProcessRuntimeOptions(layout, config.Runtimes.Isolation switch
            {
                ProcessIsolation.Standard => IsolationLevel.Standard,
                ProcessIsolation.None => IsolationLevel.None,
                _ => IsolationLevel.Strict,
            }, Path.Combine(storage, "process"))
            {
                // One cgroup parent per platform (storage path): orphan clean-up at start-up must
                // never touch the instances of another platform running on the same machine.
                CgroupParentName = "faas-" + platformId,
            },
            loggerFactory,
            time);
        var container = ContainerRuntimeFactory.Create(
            new ContainerRuntimeOptions(layout, config.Runtimes.BaseImage, config.Runtimes.DockerEndpoint, config.Runtimes.DisableContainer, platformId),
            loggerFactory,
            time);
        return new RuntimeComposition([process, container]);
    }

    /// <summary>
    /// The published host lives in <c>host/</c> beside the gateway (the build copies it there);
    /// <c>FAAS_HOST_DIR</c> overrides. The .NET runtime is the one running the gateway.
    /// </summary>
    public static HostLayout LocateHost()
    {
        var hostDirectory = Environment.GetEnvironmentVariable("FAAS_HOST_DIR") is { Length: > 0 } custom
            ? custom
            : Path.Combine(AppContext.BaseDirectory, "host");
        var runtimeDirectory = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();
        // {root}/shared/Microsoft.NETCore.App/{version}/ → {root}
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        return new HostLayout(Path.GetFullPath(hostDirectory), dotnetRoot);
    }

    /// <summary>Labels this platform's containers: one id per storage path, so two platforms on a machine keep apart.</summary>
    private static string PlatformId(string storage) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(storage)))[..12];

    public async ValueTask DisposeAsync()
    {
        foreach (var runtime in All)
        {
            await runtime.DisposeAsync();
        }
    }
}
