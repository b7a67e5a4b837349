using Faas.Gateway.Auth;
using Faas.Gateway.Configuration;
using Faas.Gateway.Errors;
using Faas.Orchestrator.Storage;

namespace Faas.Gateway.Endpoints;

/// <summary>
/// <c>/users</c> (admin): people who sign in at <c>/auth/login</c>. An admin of a namespace makes and sees the
/// users of its namespace only (others are 404); a platform admin those of any namespace. Passwords are stored as
/// PBKDF2 hashes (<see cref="PasswordHasher"/>) and never returned. Every change (disabled, password, scopes) gives
/// the user a new security stamp, which ends the tokens issued before at once.
/// </summary>
internal static class UserEndpoints
{
    public static void MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/users").RequireScope(Scope.Admin);
        users.MapPost("", CreateAsync);
        users.MapGet("", ListAsync);
        users.MapPut("/{username}", UpdateAsync);
        users.MapDelete("/{username}", DeleteAsync);
    }

    internal sealed record UserDto(string Username, string Namespace, IReadOnlyList<string> Scopes, bool Disabled, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    private static UserDto Dto(StoredUser user) => new(user.Username, user.Namespace, user.Scopes, user.Disabled, user.CreatedAt, user.UpdatedAt);

    private static string NewStamp() => Guid.NewGuid().ToString("N");

    private static async Task CreateAsync(
        HttpContext context, IKnownNamespaces namespaces, IUserStore store, PasswordHasher hasher, TimeProvider time)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", error!);
            return;
        }

        var caller = Callers.Of(context)!;
        var errors = new List<string>();
        var reader = new ConfigReader(errors);
        reader.RejectUnknown(body, "username", "password", "namespace", "scopes");
        var username = reader.String(body, "username");
        if (!AccessNames.IsUsername(username))
        {
            errors.Add("'username' is required: 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
        }

        var password = reader.String(body, "password");
        if (PasswordHasher.Problem(password) is { } weak)
        {
            errors.Add(weak);
        }

        var ns = reader.String(body, "namespace") ?? (caller.IsPlatformAdmin ? ApiKeyDefaults.DefaultNamespace : caller.Namespace);
        var scopes = AccessBodies.Scopes(reader, body, "scopes", errors);
        if (errors.Count > 0)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", string.Join("; ", errors));
            return;
        }

        if (!await KeyEndpoints.ReachableAsync(context, ns, namespaces))
        {
            return;
        }

        if (AccessRules.Exceeds(caller, scopes!.Value, null) is { } exceeds)
        {
            await ApiErrors.WriteAsync(context, 403, "forbidden", exceeds);
            return;
        }

        var now = time.GetUtcNow();
        var user = new StoredUser(username!, ns, await hasher.HashAsync(password!, context.RequestAborted), ScopeNames.Of(scopes.Value), false, NewStamp(), now, now);
        if (!await store.CreateAsync(user, context.RequestAborted))
        {
            await ApiErrors.WriteAsync(context, 409, "conflict", $"the username '{username}' is taken");
            return;
        }

        context.Response.Headers.Location = $"/users/{username}";
        await Results.Json(Dto(user), GatewayJson.Options, statusCode: 201).ExecuteAsync(context);
    }

    private static async Task ListAsync(HttpContext context, IUserStore store)
    {
        var caller = Callers.Of(context)!;
        var filter = context.Request.Query["namespace"].ToString();
        var ns = caller.IsPlatformAdmin ? (filter.Length > 0 ? filter : null) : caller.Namespace;
        var users = await store.ListAsync(ns, context.RequestAborted);
        await Results.Json(new { users = users.Select(Dto) }, GatewayJson.Options).ExecuteAsync(context);
    }

    private static async Task UpdateAsync(
        HttpContext context, string username, IUserStore store, UserSessions sessions, PasswordHasher hasher, TimeProvider time)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", error!);
            return;
        }

        var errors = new List<string>();
        var reader = new ConfigReader(errors);
        reader.RejectUnknown(body, "disabled", "password", "scopes");
        var password = reader.String(body, "password");
        if (password is not null && PasswordHasher.Problem(password) is { } weak)
        {
            errors.Add(weak);
        }

        bool? disabled = body["disabled"] is null ? null : reader.Bool(body, "disabled", false);
        var scopes = body["scopes"] is null ? null : AccessBodies.Scopes(reader, body, "scopes", errors);
        if (errors.Count == 0 && password is null && disabled is null && scopes is null)
        {
            errors.Add("send 'disabled', 'password' and/or 'scopes'");
        }

        if (errors.Count > 0)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", string.Join("; ", errors));
            return;
        }

        if (await ReachableUserAsync(context, username, store) is not { } user)
        {
            return;
        }

        if (scopes is { } granted && AccessRules.Exceeds(Callers.Of(context)!, granted, null) is { } exceeds)
        {
            await ApiErrors.WriteAsync(context, 403, "forbidden", exceeds);
            return;
        }

        var changed = user with
        {
            Disabled = disabled ?? user.Disabled,
            PasswordHash = password is null ? user.PasswordHash : await hasher.HashAsync(password, context.RequestAborted),
            Scopes = scopes is { } s ? ScopeNames.Of(s) : user.Scopes,
            SecurityStamp = NewStamp(),
            UpdatedAt = time.GetUtcNow(),
        };
        var updated = await store.UpdateAsync(changed, context.RequestAborted);
        sessions.Forget(username);
        if (!updated)
        {
            await ApiErrors.WriteAsync(context, 404, "not_found", $"no user '{username}'");
            return;
        }

        await Results.Json(Dto(changed), GatewayJson.Options).ExecuteAsync(context);
    }

    private static async Task DeleteAsync(HttpContext context, string username, IUserStore store, UserSessions sessions)
    {
        if (await ReachableUserAsync(context, username, store) is null)
        {
            return;
        }

        var deleted = await store.DeleteAsync(username, context.RequestAborted);
        sessions.Forget(username);
        if (!deleted)
        {
            await ApiErrors.WriteAsync(context, 404, "not_found", $"no user '{username}'");
            return;
        }

        context.Response.StatusCode = 204;
    }

    /// <summary>The user when the caller administers its namespace; otherwise null after answering 404.</summary>
    private static async Task<StoredUser?> ReachableUserAsync(HttpContext context, string username, IUserStore store)
    {
        var user = AccessNames.IsUsername(username) ? await store.FindAsync(username, context.RequestAborted) : null;
        if (user is not null && AccessRules.MayAdminister(Callers.Of(context)!, user.Namespace))
        {
            return user;
        }

        await ApiErrors.WriteAsync(context, 404, "not_found", $"no user '{username}'");
        return null;
    }
}
