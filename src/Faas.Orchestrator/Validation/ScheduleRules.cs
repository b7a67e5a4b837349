using Faas.Orchestrator.Executions;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Schedules;

namespace Faas.Orchestrator.Validation;

/// <summary>
/// What a schedule may hold. Its body and headers are caller input that every firing replays to the handler: the body
/// is bounded, header names are HTTP tokens, values are one printable line, and headers the platform owns or that
/// describe the connection (<c>X-Faas-*</c>, <c>Authorization</c>, <c>Host</c>, <c>Content-Length</c>, hop-by-hop) are refused.
/// </summary>
internal static class ScheduleRules
{
    public const int MaxBodyBytes = 256 * 1024;
    public const int MaxHeaders = 32;
    public const int MaxHeaderValueLength = 4096;

    private static readonly HashSet<string> s_refusedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "Host", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade",
        "TE", "Trailer", "Expect", "X-Request-Id", "X-Callback-Url",
    };

    /// <summary>Why <paramref name="spec"/> cannot be a schedule (qualifier existence aside), or null; <paramref name="cron"/> is its parsed cron.</summary>
    public static string? Problem(ScheduleSpec spec, DateTimeOffset now, out CronSchedule? cron)
    {
        cron = null;
        if (!FunctionName.IsValid(spec.Name))
        {
            return "schedule: " + FunctionName.Problem(spec.Name).Replace("a function name", "a schedule name", StringComparison.Ordinal);
        }

        cron = CronSchedule.Parse(spec.Cron, spec.TimeZone, now, out var cronProblem);
        if (cronProblem is not null)
        {
            return cronProblem;
        }

        if (spec.Qualifier is { } qualifier && AliasRules.QualifierProblem(qualifier) is { } qualifierProblem)
        {
            return "qualifier: " + qualifierProblem;
        }

        if (spec.Body is { Length: > MaxBodyBytes })
        {
            return $"the schedule's body is {spec.Body.Length} bytes; at most {MaxBodyBytes} are allowed";
        }

        var headers = spec.Headers ?? [];
        if (headers.Count > MaxHeaders)
        {
            return $"a schedule has at most {MaxHeaders} headers (got {headers.Count})";
        }

        foreach (var (name, value) in headers)
        {
            if (HeaderProblem(name, value) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? HeaderProblem(string name, string value)
    {
        if (name.Length is 0 or > 256 || !name.All(IsTokenChar))
        {
            return $"header name '{Printable.Of(name)}' is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~)";
        }

        if (PlatformHeaders.IsReserved(name))
        {
            return $"header '{name}' is the platform's (X-Faas-* headers come from the platform only)";
        }

        if (s_refusedHeaders.Contains(name) || name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase))
        {
            return $"header '{name}' may not be set by a schedule";
        }

        return value.Length > MaxHeaderValueLength || value.Any(c => c is < ' ' and not '\t' || c == '\u007f')
            ? $"the value of header '{name}' must be one line of at most {MaxHeaderValueLength} printable characters"
            : null;
    }

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);
}
