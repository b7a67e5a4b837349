using System.Reflection;

namespace Faas.Gateway;

internal static class PlatformInfo
{
    public const string Name = "faas";

    public static string Version { get; } =
        typeof(PlatformInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}
