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

    /// <summary><c>invoke/NAME</c>, or <c>invoke/NAME@QUALIFIER</c> (a version number or alias) with the '@' kept as it is.</summary>
    public static string Invoke(string name) =>
        name.IndexOf('@', StringComparison.Ordinal) is var at and > 0
            ? $"invoke/{Segment(name[..at])}@{Segment(name[(at + 1)..])}"
            : $"invoke/{Segment(name)}";

    public static string Versions(string name) => $"functions/{Segment(name)}/versions";

    public static string Version(string name, string version) => $"functions/{Segment(name)}/versions/{Segment(version)}";

    public static string Rollback(string name) => $"functions/{Segment(name)}/rollback";

    public static string Aliases(string name) => $"functions/{Segment(name)}/aliases";

    public static string Alias(string name, string alias) => $"functions/{Segment(name)}/aliases/{Segment(alias)}";

    public static string Schedules(string name) => $"functions/{Segment(name)}/schedules";

    public static string Schedule(string name, string schedule) => $"functions/{Segment(name)}/schedules/{Segment(schedule)}";

    public static string Executions(string name, int limit) => $"functions/{Segment(name)}/executions?limit={limit}";

    public static string Execution(string id) => $"executions/{Segment(id)}";

    public static string Secret(string name) => $"secrets/{Segment(name)}";

    public static string Segment(string value) => Uri.EscapeDataString(value);
}
