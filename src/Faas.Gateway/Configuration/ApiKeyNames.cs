using Faas.Gateway.Auth;

namespace Faas.Gateway.Configuration;

/// <summary>
/// A key's name is its identity beyond authentication: secrets are granted to it and rate limits are kept
/// per name. Two keys with one name (for example a key named <c>key2</c> and the second key without a name,
/// which is called <c>key2</c> too) would share grants, so that is a config error.
/// </summary>
internal static class ApiKeyNames
{
    public static void RequireUnique(ConfigReader reader, ConfigMap top, IReadOnlyList<ApiKey> keys)
    {
        if (top["auth"] is not ConfigMap auth || auth["api_keys"] is not { } where)
        {
            return;
        }

        foreach (var name in keys.GroupBy(k => k.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            reader.Error(where, $"more than one API key is named '{name}' (keys without a 'name' are key1, key2, ... by position); secret grants name keys, so give each key its own name");
        }
    }
}
