using System.Text.RegularExpressions;

namespace Faas.Orchestrator.Functions;

/// <summary>Function names are DNS labels: lowercase ASCII letters, digits and '-', 1–63 characters, no leading or trailing '-'.</summary>
public static partial class FunctionName
{
    public const int MaxLength = 63;

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    public static string Problem(string? name) => name switch
    {
        null or "" => "a function name is required",
        { Length: > MaxLength } => $"a function name has at most {MaxLength} characters",
        _ => "a function name may only hold lowercase ASCII letters, digits and '-', and must start and end with a letter or digit",
    };

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Pattern();
}
