using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Storage;

namespace Faas.Orchestrator.Validation;

/// <summary>
/// What an alias and a qualifier may be. Alias names follow the function-name rule and may not be numbers (a number
/// qualifier is a version); an alias has 1–<see cref="MaxRoutes"/> routes to distinct versions, with whole weights
/// from 0 to 100 that sum to 100.
/// </summary>
internal static class AliasRules
{
    public const int MaxRoutes = 10;

    public static string? NameProblem(string? alias) =>
        !FunctionName.IsValid(alias) ? "alias: " + FunctionName.Problem(alias).Replace("a function name", "an alias name", StringComparison.Ordinal)
        : VersionRouter.IsVersionNumber(alias!, out _) || alias!.All(char.IsAsciiDigit) ? $"alias '{alias}' is a number: numbers name versions; give the alias a name with a letter"
        : null;

    /// <summary>Why <paramref name="qualifier"/> can name neither a version nor an alias, or null.</summary>
    public static string? QualifierProblem(string qualifier) =>
        VersionRouter.IsVersionNumber(qualifier, out _) ? null
        : FunctionName.IsValid(qualifier) && !qualifier.All(char.IsAsciiDigit) ? null
        : $"'{Printable.Of(qualifier)}' is neither a version number nor an alias name";

    /// <summary>Why the routes cannot make an alias (their versions' existence aside), or null.</summary>
    public static string? RoutesProblem(IReadOnlyList<AliasRoute> routes)
    {
        if (routes.Count is 0 or > MaxRoutes)
        {
            return $"an alias routes to 1 to {MaxRoutes} versions (got {routes.Count})";
        }

        foreach (var route in routes)
        {
            if (route.Version < 1)
            {
                return $"version {route.Version} is not a version number (versions start at 1)";
            }

            if (route.Weight is < 0 or > 100)
            {
                return $"the weight of version {route.Version} is {route.Weight}: weights are whole numbers from 0 to 100";
            }
        }

        if (routes.Select(r => r.Version).Distinct().Count() != routes.Count)
        {
            return "each version may appear once in an alias's routes";
        }

        var sum = routes.Sum(r => r.Weight);
        return sum == 100 ? null : $"the weights sum to {sum}; they must sum to 100";
    }
}
