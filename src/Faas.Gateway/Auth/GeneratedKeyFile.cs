using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Faas.Gateway.Auth;

/// <summary>
/// The API keys generated when no <c>auth.api_keys</c> are configured: one admin key and one invoke+manage
/// key, 32 random bytes each (base64url), kept in <c>{function_storage_path}/api-keys.json</c> with mode 0600
/// beside the registry, so the same keys hold across restarts and <c>--show-keys</c> can print them again.
/// </summary>
internal static class GeneratedKeyFile
{
    public const string FileName = "api-keys.json";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static string PathIn(string storagePath) => Path.Combine(Path.GetFullPath(storagePath), FileName);

    /// <summary>The keys of <paramref name="path"/>, creating the file first when it does not exist; or why that failed.</summary>
    public static (IReadOnlyList<GeneratedKey>? Keys, bool Created, string? Problem) LoadOrCreate(string path)
    {
        if (File.Exists(path) || new FileInfo(path).LinkTarget is not null)
        {
            var (existing, problem) = Read(path);
            return (existing, false, problem);
        }

        IReadOnlyList<GeneratedKey> keys =
        [
            new("generated-admin", NewKey(), Scope.Invoke | Scope.Manage | Scope.Admin),
            new("generated-manage", NewKey(), Scope.Invoke | Scope.Manage),
        ];
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly };
            using (var stream = new FileStream(path, options))
            {
                stream.Write(Serialize(keys));
            }

            return (keys, true, null);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another gateway on the same storage created it first: use theirs.
            var (existing, problem) = Read(path);
            return (existing, false, problem);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, false, $"cannot create the API key file {path}: {ex.Message}");
        }
    }

    /// <summary>The keys of an existing file, refusing one that others may read or that is not Faas's format.</summary>
    public static (IReadOnlyList<GeneratedKey>? Keys, string? Problem) Read(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is not null || !info.Exists)
            {
                return (null, $"the API key file {path} is not a regular file");
            }

            if ((info.UnixFileMode & GroupOrOther) != 0)
            {
                return (null, $"the API key file {path} is accessible to other users (mode {Convert.ToString((int)info.UnixFileMode, 8)}); "
                    + $"run 'chmod 600 {path}' (and replace the keys if others may have read them)");
            }

            var keys = Parse(File.ReadAllBytes(path));
            return keys is null ? (null, $"the API key file {path} is not in the format Faas writes; delete it to have new keys generated") : (keys, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read the API key file {path}: {ex.Message}");
        }
    }

    private static string NewKey() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static byte[] Serialize(IReadOnlyList<GeneratedKey> keys)
    {
        var json = new JsonObject
        {
            ["comment"] = "API keys Faas generated because faas_config.yaml configures no auth.api_keys; keep this file mode 0600",
            ["keys"] = new JsonArray([.. keys.Select(k => new JsonObject
            {
                ["name"] = k.Name,
                ["key"] = k.Key,
                ["scopes"] = new JsonArray([.. k.ScopeNames.Split(", ").Select(s => (JsonNode)s)]),
            })]),
        };
        return JsonSerializer.SerializeToUtf8Bytes(json, new JsonSerializerOptions { WriteIndented = true });
    }

    private static List<GeneratedKey>? Parse(byte[] bytes)
    {
        try
        {
            var keys = new List<GeneratedKey>();
            foreach (var node in JsonNode.Parse(bytes)?["keys"]?.AsArray() ?? [])
            {
                var name = node?["name"]?.GetValue<string>();
                var key = node?["key"]?.GetValue<string>();
                var scopes = Scope.None;
                foreach (var scope in node?["scopes"]?.AsArray() ?? [])
                {
                    scopes |= scope?.GetValue<string>() switch
                    {
                        "invoke" => Scope.Invoke,
                        "manage" => Scope.Manage,
                        "admin" => Scope.Admin,
                        _ => throw new FormatException("unknown scope"),
                    };
                }

                if (string.IsNullOrEmpty(name) || key is not { Length: >= WellKnownKeys.MinimumExposedLength } || scopes == Scope.None)
                {
                    return null;
                }

                keys.Add(new GeneratedKey(name, key, scopes));
            }

            return keys.Count > 0 ? keys : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
