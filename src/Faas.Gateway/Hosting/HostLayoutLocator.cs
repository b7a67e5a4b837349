using System.Security.Cryptography;
using System.Text;
using Faas.Orchestrator.Runtime;

namespace Faas.Gateway.Hosting;

/// <summary>Where this machine's published host and .NET runtime are, and which platform (storage path) this is.</summary>
internal static class HostLayoutLocator
{
    /// <summary>
    /// The published host lives in <c>host/</c> beside the gateway (the build copies it there);
    /// <c>FAAS_HOST_DIR</c> overrides. The .NET runtime is the one running the gateway.
    /// </summary>
    public static HostLayout Locate()
    {
        var hostDirectory = Environment.GetEnvironmentVariable("FAAS_HOST_DIR") is { Length: > 0 } custom
            ? custom
            : Path.Combine(AppContext.BaseDirectory, "host");
        var runtimeDirectory = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();
        // {root}/shared/Microsoft.NETCore.App/{version}/ → {root}
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        return new HostLayout(Path.GetFullPath(hostDirectory), dotnetRoot);
    }

    /// <summary>Labels this platform's containers and names its cgroup parent: one id per storage path, so two platforms on a machine keep apart.</summary>
    public static string PlatformId(string storagePath) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(storagePath))))[..12];
}
