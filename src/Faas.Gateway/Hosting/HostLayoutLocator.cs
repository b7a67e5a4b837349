using Faas.Orchestrator.Runtime;

namespace Faas.Gateway.Hosting;

/// <summary>Where this machine's published host and .NET runtime are.</summary>
internal static class HostLayoutLocator
{
    /// <summary>
    /// The published host lives in <c>host/</c> beside the gateway and the compiler worker in <c>compiler/</c> (the
    /// build copies them there); <c>FAAS_HOST_DIR</c> and <c>FAAS_COMPILER_DIR</c> override. The .NET runtime is
    /// the one running the gateway.
    /// </summary>
    public static HostLayout Locate()
    {
        var hostDirectory = Environment.GetEnvironmentVariable("FAAS_HOST_DIR") is { Length: > 0 } custom
            ? custom
            : Path.Combine(AppContext.BaseDirectory, "host");
        var runtimeDirectory = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();
        // {root}/shared/Microsoft.NETCore.App/{version}/ → {root}
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        var compilerDirectory = Environment.GetEnvironmentVariable("FAAS_COMPILER_DIR") is { Length: > 0 } compiler
            ? compiler
            : Path.Combine(AppContext.BaseDirectory, "compiler");
        return new HostLayout(Path.GetFullPath(hostDirectory), dotnetRoot, Path.GetFullPath(compilerDirectory));
    }
}
