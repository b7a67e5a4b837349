using System.Globalization;
using Faas.Gateway.Auth;
using Faas.Gateway.Configuration;
using Faas.Gateway.Errors;

namespace Faas.Gateway.Endpoints;

/// <summary>
/// <c>POST /auth/login {"username", "password"}</c> (open): <c>{"token", "expires_at"}</c>, a token to send as
/// <c>Authorization: Bearer</c> wherever a key goes (<see cref="LoginService"/>). 401 for any wrong credentials,
/// 429 with Retry-After after too many failures from the address or for the username.
/// </summary>
internal static class LoginEndpoints
{
    public static void MapLoginEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost("/auth/login", LoginAsync).RequireScope(Scope.None);

    internal sealed record TokenDto(string Token, DateTimeOffset ExpiresAt, string TokenType = "Bearer");

    private static async Task LoginAsync(HttpContext context, LoginService login)
    {
        context.Response.Headers.CacheControl = "no-store";
        var (body, error) = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", error!);
            return;
        }

        var errors = new List<string>();
        var reader = new ConfigReader(errors);
        reader.RejectUnknown(body, "username", "password");
        var username = reader.String(body, "username");
        var password = reader.String(body, "password");
        if (username is null || password is null)
        {
            errors.Add("send 'username' and 'password'");
        }

        if (errors.Count > 0)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", string.Join("; ", errors));
            return;
        }

        var result = await login.LoginAsync(username!, password!, context.Connection.RemoteIpAddress, context.RequestAborted);
        switch (result.Outcome)
        {
            case LoginOutcome.SignedIn:
                await Results.Json(new TokenDto(result.Token!, result.ExpiresAt!.Value), GatewayJson.Options).ExecuteAsync(context);
                break;
            case LoginOutcome.Throttled:
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(result.RetryAfter!.Value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await ApiErrors.WriteAsync(context, 429, "rate_limited", "too many failed sign-ins; retry after the time in Retry-After");
                break;
            default:
                await ApiErrors.WriteAsync(context, 401, "unauthorized", "invalid username or password");
                break;
        }
    }
}
