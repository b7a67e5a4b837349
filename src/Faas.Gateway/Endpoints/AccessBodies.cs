using System.Globalization;
using Faas.Gateway.Auth;
using Faas.Gateway.Configuration;
using Faas.Orchestrator.Functions;

namespace Faas.Gateway.Endpoints;

/// <summary>Reads the parts of key and user bodies they share: scopes, functions, an expiry.</summary>
internal static class AccessBodies
{
    /// <summary>The scopes of <paramref name="key"/> (at least one), or null after adding why to <paramref name="errors"/>.</summary>
    public static Scope? Scopes(ConfigReader reader, ConfigMap body, string key, List<string> errors)
    {
        if (body[key] is null)
        {
            errors.Add($"'{key}' is required: a list of invoke, manage, admin");
            return null;
        }

        var names = reader.StringList(body, key);
        var scopes = ScopeNames.Parse(names);
        if (scopes is null or Scope.None)
        {
            errors.Add($"'{key}' must name at least one of invoke, manage, admin");
            return null;
        }

        return scopes;
    }

    public static IReadOnlySet<string>? Functions(ConfigReader reader, ConfigMap body, List<string> errors)
    {
        if (body["functions"] is null or ConfigScalar { Value: null })
        {
            return null;
        }

        var functions = reader.StringList(body, "functions").ToHashSet(StringComparer.Ordinal);
        foreach (var bad in functions.Where(f => !FunctionName.IsValid(f)))
        {
            errors.Add(FunctionName.Problem(bad));
        }

        return functions;
    }

    /// <summary>An ISO 8601 instant with an offset, in the future; null when absent.</summary>
    public static DateTimeOffset? ExpiresAt(ConfigReader reader, ConfigMap body, DateTimeOffset now, List<string> errors)
    {
        var text = reader.String(body, "expires_at");
        if (text is null)
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires))
        {
            errors.Add("'expires_at' must be an ISO 8601 time, for example 2030-01-31T12:00:00Z");
            return null;
        }

        if (expires <= now)
        {
            errors.Add("'expires_at' is in the past");
        }

        return expires.ToUniversalTime();
    }
}
