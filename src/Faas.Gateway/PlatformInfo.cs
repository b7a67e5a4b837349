using System.Reflection;

namespace Faas.Gateway;

internal static class PlatformInfo
{
    public const string Name = "faas";

    private static readonly string s_informational =
        typeof(PlatformInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static string Version { get; } = s_informational.Split('+')[0];

    /// <summary>The commit the gateway was built from (the SDK appends it to the informational version); "unknown" outside a git checkout.</summary>
    public static string CommitSha { get; } = s_informational.Split('+') is [_, { Length: > 0 } sha, ..] ? sha : "unknown";

    /// <summary>The subject line of that commit (recorded by the build); "unknown" outside a git checkout.</summary>
    public static string CommitMessage { get; } =
        typeof(PlatformInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "FaasCommitMessage")?.Value is { Length: > 0 } message
            ? message
            : "unknown";
}
