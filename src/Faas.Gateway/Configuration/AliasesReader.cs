using System.Globalization;
using Faas.Orchestrator.Storage;

namespace Faas.Gateway.Configuration;

/// <summary>
/// Reads an alias's routes — the body of <c>PUT /functions/{name}/aliases/{alias}</c> and each entry of
/// <c>functions.&lt;name&gt;.aliases</c> — in any of three forms: a version number (<c>prod: 3</c>),
/// <c>{version: 3}</c>, or <c>{routes: [{version: 3, weight: 90}, {version: 4, weight: 10}]}</c>. Only the shapes and
/// numbers are read here; the rules (weights, versions that exist) are the orchestrator's, the same for every caller.
/// </summary>
internal static class AliasesReader
{
    /// <summary><c>functions.&lt;name&gt;.aliases</c>: alias name → routes (empty when the key is absent).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<AliasRoute>> ReadAll(ConfigReader reader, ConfigMap function)
    {
        var result = new Dictionary<string, IReadOnlyList<AliasRoute>>(StringComparer.Ordinal);
        var map = reader.Map(function, "aliases");
        foreach (var (alias, node) in map?.Entries ?? [])
        {
            if (Orchestrator.Validation.AliasRules.NameProblem(alias) is { } problem)
            {
                reader.Error(node, problem);
            }
            else if (Read(reader, node) is { } routes)
            {
                result[alias] = routes;
            }
        }

        return result;
    }

    /// <summary>The routes <paramref name="node"/> describes, or null (with the error recorded).</summary>
    public static IReadOnlyList<AliasRoute>? Read(ConfigReader reader, ConfigNode node)
    {
        switch (node)
        {
            case ConfigScalar scalar:
                return Version(reader, scalar, "version") is { } single ? [new AliasRoute(single, 100)] : null;
            case ConfigMap map when map["routes"] is null:
                reader.RejectUnknown(map, "version", "routes");
                return map["version"] is ConfigScalar version && Version(reader, version, "version") is { } pointed
                    ? [new AliasRoute(pointed, 100)]
                    : Missing(reader, map);
            case ConfigMap map:
                reader.RejectUnknown(map, "version", "routes");
                if (map["version"] is not null)
                {
                    reader.Error(map, "give either 'version' or 'routes', not both");
                    return null;
                }

                return Routes(reader, map["routes"]!);
            default:
                return Missing(reader, node);
        }
    }

    private static IReadOnlyList<AliasRoute>? Routes(ConfigReader reader, ConfigNode node)
    {
        if (node is not ConfigList list)
        {
            reader.Error(node, "'routes' must be a list of {version, weight}");
            return null;
        }

        var routes = new List<AliasRoute>();
        var ok = true;
        foreach (var item in list.Items)
        {
            if (item is not ConfigMap route || route["version"] is not ConfigScalar version || route["weight"] is not ConfigScalar weight)
            {
                reader.Error(item, "each route is {version, weight}");
                ok = false;
                continue;
            }

            reader.RejectUnknown(route, "version", "weight");
            var number = Version(reader, version, "version");
            var share = Whole(reader, weight, "weight");
            if (number is { } v && share is { } w)
            {
                routes.Add(new AliasRoute(v, w));
            }
            else
            {
                ok = false;
            }
        }

        return ok ? routes : null;
    }

    private static IReadOnlyList<AliasRoute>? Missing(ConfigReader reader, ConfigNode node)
    {
        reader.Error(node, "an alias is a version number, {\"version\": N} or {\"routes\": [{\"version\": N, \"weight\": W}, ...]}");
        return null;
    }

    private static long? Version(ConfigReader reader, ConfigScalar scalar, string what) =>
        scalar is { IsJsonString: false, Value: { } text } && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : Fail(reader, scalar, $"'{what}' must be a whole number");

    private static int? Whole(ConfigReader reader, ConfigScalar scalar, string what) =>
        scalar is { IsJsonString: false, Value: { } text } && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : (int?)Fail(reader, scalar, $"'{what}' must be a whole number (weights are 0 to 100 and sum to 100)");

    private static long? Fail(ConfigReader reader, ConfigNode node, string message)
    {
        reader.Error(node, message);
        return null;
    }
}
