using System.Text.RegularExpressions;

namespace Faas.Orchestrator.Validation;

/// <summary>A function's <c>handler</c> (REST/config) or <c>com.faas.handler</c> (OpenFaaS): a C# method name.</summary>
public static partial class HandlerName
{
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    public static string Problem(string? name) =>
        $"'handler' must be a C# method name (ASCII letters, digits and '_', not starting with a digit, at most 128 characters), not '{Printable.Of(name)}'";

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,127}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Pattern();
}
