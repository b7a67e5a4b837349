namespace Faas.Cli.Api;

/// <summary>REST paths (relative to the platform URL), with every name escaped as one path segment.</summary>
internal static class ApiPaths
{
    public const string Functions = "functions";
    public const string Secrets = "secrets";
    public const string Health = "health";
    public const string PlatformStats = "stats";

    public static string Function(string name) => $"functions/{Segment(name)}";

    public static string Logs(string name) => $"functions/{Segment(name)}/logs";

    public static string Stats(string name) => $"stats/functions/{Segment(name)}";

    public static string Invoke(string name) => $"invoke/{Segment(name)}";

    public static string Execution(string id) => $"executions/{Segment(id)}";

    public static string Secret(string name) => $"secrets/{Segment(name)}";

    public static string Segment(string value) => Uri.EscapeDataString(value);
}
