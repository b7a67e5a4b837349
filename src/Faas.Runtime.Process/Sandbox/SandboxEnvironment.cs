using System.Globalization;
using Faas.Orchestrator.Runtime;

namespace Faas.Runtime.Process.Sandbox;

/// <summary>
/// The only environments the process runtime ever hands to a process, both built by the platform from
/// nothing: <see cref="Launch"/> for the privileged launch chain (shell, cgroup writes, setpriv, bwrap), the
/// same for every function, and <see cref="Runtime"/> for the host inside the sandbox (set with
/// <c>bwrap --clearenv --setenv</c>). Nothing is inherited from the gateway and nothing comes from the
/// function: its environment reaches the host in the <c>LoadRequest</c> over the host socket, where the
/// host refuses to override any of these variables.
/// </summary>
internal static class SandboxEnvironment
{
    /// <summary>The launch chain's whole environment.</summary>
    public static IReadOnlyDictionary<string, string> Launch { get; } =
        new Dictionary<string, string>(StringComparer.Ordinal) { ["PATH"] = "/usr/bin:/bin" };

    /// <summary>What the .NET runtime in the host needs: paths, the GC heap limit, the processor count, diagnostics off.</summary>
    public static Dictionary<string, string> Runtime(ResourceLimits limits, string dotnetRoot, double gcHeapFraction) =>
        new(StringComparer.Ordinal)
        {
            ["PATH"] = dotnetRoot,
            ["DOTNET_ROOT"] = dotnetRoot,
            ["HOME"] = SandboxPaths.Tmp,
            ["TMPDIR"] = SandboxPaths.Tmp,
            ["DOTNET_EnableDiagnostics"] = "0",
            ["DOTNET_gcServer"] = "0",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1",
            ["DOTNET_GCHeapHardLimit"] = GcHeapHardLimit(limits.MemoryBytes, gcHeapFraction),
            ["DOTNET_PROCESSOR_COUNT"] = ProcessorCount(limits.CpuMillicores).ToString(CultureInfo.InvariantCulture),
        };

    /// <summary>The GC heap limit in the runtime's hexadecimal notation (the cgroup is not visible inside the sandbox).</summary>
    public static string GcHeapHardLimit(long memoryBytes, double fraction)
    {
        var bytes = Math.Max(16L << 20, (long)(memoryBytes * fraction));
        return "0x" + bytes.ToString("x", CultureInfo.InvariantCulture);
    }

    /// <summary>Processors the runtime should assume: the CPU quota rounded up, at least one.</summary>
    public static int ProcessorCount(int millicores) => Math.Max(1, (millicores + 999) / 1000);
}
