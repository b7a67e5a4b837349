using System.Buffers.Text;
using System.Security.Cryptography;
using Faas.Gateway.Auth;
using Faas.Gateway.Configuration;
using Faas.Gateway.Errors;
using Faas.Orchestrator.Storage;

namespace Faas.Gateway.Endpoints;

/// <summary>
/// <c>/namespaces/{ns}/keys</c> (admin of that namespace, or a platform admin): make a key (shown once, in the 201
/// answer; only its SHA-256 is stored), list keys (never the key), revoke one (at once). Another namespace's keys
/// are 404, as if the namespace did not exist; nobody grants more than they hold (<see cref="AccessRules"/>).
/// </summary>
internal static class KeyEndpoints
{
    /// <summary>Made keys start with this, so they are recognisable (for example by secret scanners) and never look like a JWT.</summary>
    public const string Prefix = "fk_";

    public static void MapKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/namespaces/{ns}/keys").RequireScope(Scope.Admin);
        keys.MapPost("", CreateAsync);
        keys.MapGet("", ListAsync);
        keys.MapDelete("/{key}", DeleteAsync);
    }

    internal sealed record KeyDto(
        string Name, string Namespace, IReadOnlyList<string> Scopes, IReadOnlyList<string>? Functions,
        DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? ExpiresAt)
    {
        /// <summary>Only in the answer that made the key.</summary>
        public string? Key { get; init; }
    }

    private static KeyDto Dto(StoredApiKey key) =>
        new(key.Name, key.Namespace, key.Scopes, key.Functions, key.CreatedAt, key.LastUsedAt, key.ExpiresAt);

    /// <summary>True when the caller may manage <paramref name="ns"/>; otherwise false after answering 404 (existence is not revealed).</summary>
    internal static async Task<bool> ReachableAsync(HttpContext context, string ns, IKnownNamespaces namespaces)
    {
        var caller = Callers.Of(context)!;
        if ((AccessNames.IsNamespace(ns) || ns == ApiKeyDefaults.AllNamespaces) && AccessRules.MayAdminister(caller, ns)
            && await namespaces.ExistsAsync(ns, context.RequestAborted))
        {
            return true;
        }

        await ApiErrors.WriteAsync(context, 404, "not_found", $"no namespace '{ns}'");
        return false;
    }

    private static async Task CreateAsync(
        HttpContext context, string ns, IKnownNamespaces namespaces, IApiKeyStore store, ApiKeyAuthenticator configured, FaasConfig config, TimeProvider time)
    {
        if (!await ReachableAsync(context, ns, namespaces))
        {
            return;
        }

        var (body, error) = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", error!);
            return;
        }

        var errors = new List<string>();
        var reader = new ConfigReader(errors);
        reader.RejectUnknown(body, "name", "scopes", "functions", "expires_at");
        var name = reader.String(body, "name");
        if (!AccessNames.IsKeyName(name))
        {
            errors.Add("'name' is required: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }

        var now = time.GetUtcNow();
        var scopes = AccessBodies.Scopes(reader, body, "scopes", errors);
        var functions = AccessBodies.Functions(reader, body, errors);
        var expires = AccessBodies.ExpiresAt(reader, body, now, errors);
        if (errors.Count > 0)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", string.Join("; ", errors));
            return;
        }

        if (AccessRules.Exceeds(Callers.Of(context)!, scopes!.Value, functions) is { } exceeds)
        {
            await ApiErrors.WriteAsync(context, 403, "forbidden", exceeds);
            return;
        }

        if (config.ApiKeys.Any(k => k.Name == name && k.Namespace == ns))
        {
            await ApiErrors.WriteAsync(context, 409, "conflict", $"a key named '{name}' is configured in auth.api_keys for namespace '{ns}'");
            return;
        }

        var key = Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var stored = new StoredApiKey(ns, name!, ApiKey.Hash(key), ScopeNames.Of(scopes.Value), functions?.Order(StringComparer.Ordinal).ToList(), now, expires);
        if (!await store.CreateAsync(stored, context.RequestAborted))
        {
            await ApiErrors.WriteAsync(context, 409, "conflict", $"namespace '{ns}' already has a key named '{name}'");
            return;
        }

        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Location = $"/namespaces/{ns}/keys/{name}";
        await Results.Json(Dto(stored) with { Key = key }, GatewayJson.Options, statusCode: 201).ExecuteAsync(context);
    }

    private static async Task ListAsync(HttpContext context, string ns, IKnownNamespaces namespaces, IApiKeyStore store)
    {
        if (await ReachableAsync(context, ns, namespaces))
        {
            var keys = await store.ListAsync(ns, context.RequestAborted);
            await Results.Json(new { keys = keys.Select(Dto) }, GatewayJson.Options).ExecuteAsync(context);
        }
    }

    private static async Task DeleteAsync(HttpContext context, string ns, string key, IKnownNamespaces namespaces, IApiKeyStore store, StoredKeys cache)
    {
        if (!await ReachableAsync(context, ns, namespaces))
        {
            return;
        }

        var deleted = await store.DeleteAsync(ns, key, context.RequestAborted);
        cache.Forget(ns, key);
        if (!deleted)
        {
            await ApiErrors.WriteAsync(context, 404, "not_found", $"namespace '{ns}' has no key named '{key}'");
            return;
        }

        context.Response.StatusCode = 204;
    }
}
