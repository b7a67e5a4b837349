using System.Reflection;

namespace Faas.Cli;

internal static class CliVersion
{
    /// <summary>The tool's version (the assembly's informational version without build metadata).</summary>
    public static string Value { get; } =
        (typeof(CliVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];
}
