using System.Globalization;
using Faas.Orchestrator.Runtime;

namespace Faas.Runtime.Process.Sandbox;

/// <summary>
/// Builds a host's environment from scratch: the function's variables plus what the runtime needs. Nothing
/// is inherited from the gateway. The runtime's variables win over the function's of the same name, so a
/// function cannot lift its own GC limit or re-enable diagnostics.
/// </summary>
internal static class SandboxEnvironment
{
    public static Dictionary<string, string> Build(
        IReadOnlyDictionary<string, string> functionEnvironment, ResourceLimits limits, string dotnetRoot, double gcHeapFraction)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in functionEnvironment)
        {
            if (name.Length == 0 || name.Contains('=', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"invalid environment variable name '{name}'");
            }
            if (value.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"environment variable '{name}' contains a NUL character");
            }
            environment[name] = value;
        }
        environment["PATH"] = dotnetRoot;
        environment["DOTNET_ROOT"] = dotnetRoot;
        environment["HOME"] = SandboxPaths.Tmp;
        environment["TMPDIR"] = SandboxPaths.Tmp;
        environment["DOTNET_EnableDiagnostics"] = "0";
        environment["DOTNET_gcServer"] = "0";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        environment["DOTNET_GCHeapHardLimit"] = GcHeapHardLimit(limits.MemoryBytes, gcHeapFraction);
        environment["DOTNET_PROCESSOR_COUNT"] = ProcessorCount(limits.CpuMillicores).ToString(CultureInfo.InvariantCulture);
        return environment;
    }

    /// <summary>The GC heap limit in the runtime's hexadecimal notation (the cgroup is not visible inside the sandbox).</summary>
    public static string GcHeapHardLimit(long memoryBytes, double fraction)
    {
        var bytes = Math.Max(16L << 20, (long)(memoryBytes * fraction));
        return "0x" + bytes.ToString("x", CultureInfo.InvariantCulture);
    }

    /// <summary>Processors the runtime should assume: the CPU quota rounded up, at least one.</summary>
    public static int ProcessorCount(int millicores) => Math.Max(1, (millicores + 999) / 1000);
}
