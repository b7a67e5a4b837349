using Faas.Gateway.Auth;

namespace Faas.Gateway.Configuration;

/// <summary>
/// Reads <c>auth:</c>: <c>api_keys</c> (each <c>key</c> or <c>key_sha256</c>, <c>scopes</c>, optional <c>name</c>,
/// <c>functions</c> and <c>namespace</c> — <c>default</c> unless given; <c>"*"</c> with the admin scope is a platform
/// admin) and <c>token_lifetime</c> (sign-in tokens, default 1h).
/// </summary>
internal static class ApiKeysReader
{
    public static (List<ApiKey> Keys, AuthSettings Settings) Read(ConfigReader reader, ConfigMap top)
    {
        var keys = new List<ApiKey>();
        var auth = reader.Map(top, "auth");
        if (auth is null)
        {
            return (keys, new AuthSettings());
        }

        reader.RejectUnknown(auth, "api_keys", "token_lifetime");
        var settings = new AuthSettings { TokenLifetime = reader.Duration(auth, "token_lifetime", AuthSettings.DefaultTokenLifetime) };
        if (settings.TokenLifetime > TimeSpan.FromDays(30))
        {
            reader.Error(auth["token_lifetime"]!, "'token_lifetime' must be at most 30 days");
        }

        return (ReadKeys(reader, auth, keys), settings);
    }

    private static List<ApiKey> ReadKeys(ConfigReader reader, ConfigMap auth, List<ApiKey> keys)
    {
        if (auth["api_keys"] is not ConfigList list)
        {
            if (auth["api_keys"] is { } wrong and not ConfigScalar { Value: null })
            {
                reader.Error(wrong, "'api_keys' must be a list of { key, scopes }");
            }

            return keys;
        }

        foreach (var item in list.Items)
        {
            if (item is not ConfigMap entry)
            {
                reader.Error(item, "each API key must be a mapping with 'key' (or 'key_sha256') and 'scopes'");
                continue;
            }

            reader.RejectUnknown(entry, "key", "key_sha256", "scopes", "functions", "name", "namespace");
            var key = reader.String(entry, "key");
            var hashHex = reader.String(entry, "key_sha256");
            byte[]? hash = null;
            if (key is not null && hashHex is null)
            {
                hash = key.Length >= 8 ? ApiKey.Hash(key) : null;
                if (hash is null)
                {
                    reader.Error(entry, "an API key must be at least 8 characters long");
                }
            }
            else if (hashHex is not null && key is null)
            {
                try
                {
                    hash = Convert.FromHexString(hashHex);
                }
                catch (FormatException)
                {
                }

                if (hash is not { Length: 32 })
                {
                    reader.Error(entry, "'key_sha256' must be 64 hexadecimal digits (the SHA-256 of the key)");
                    hash = null;
                }
            }
            else
            {
                reader.Error(entry, "each API key needs exactly one of 'key' and 'key_sha256'");
            }

            var scopes = Scope.None;
            foreach (var name in reader.StringList(entry, "scopes"))
            {
                if (Enum.TryParse<Scope>(name, ignoreCase: true, out var scope) && scope != Scope.None && !int.TryParse(name, out _))
                {
                    scopes |= scope;
                }
                else
                {
                    reader.Error(entry, $"unknown scope '{name}' (known: invoke, manage, admin)");
                }
            }

            if (scopes == Scope.None)
            {
                reader.Error(entry, "an API key needs at least one scope");
            }

            var ns = reader.String(entry, "namespace") ?? ApiKeyDefaults.DefaultNamespace;
            if (ns == ApiKeyDefaults.AllNamespaces ? (scopes & Scope.Admin) == 0 : !AccessNames.IsNamespace(ns))
            {
                reader.Error(entry, ns == ApiKeyDefaults.AllNamespaces
                    ? "namespace \"*\" (every namespace) is for platform admins: the key needs the admin scope"
                    : $"'namespace' must be a DNS label (lower-case letters, digits, '-'; at most 63), or \"*\" for a platform admin; got '{ns}'");
            }

            var functions = entry["functions"] is null ? null : reader.StringList(entry, "functions").ToHashSet(StringComparer.Ordinal);
            if (hash is not null)
            {
                keys.Add(new ApiKey(reader.String(entry, "name") ?? $"key{keys.Count + 1}", hash, scopes, functions) { PlainLength = key?.Length, Namespace = ns });
            }
        }

        return keys;
    }
}
