using System.Security.Claims;
using System.Text.Encodings.Web;
using Faas.Gateway.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Faas.Gateway.Auth;

/// <summary>
/// Authenticates the key a request presents (<see cref="Credentials"/>: Bearer, X-API-Key, or Basic <c>admin:&lt;admin key&gt;</c>)
/// into a principal with the key's name, namespace, scopes and function limit: a configured key first, then one
/// created over REST (<see cref="StoredKeys"/>). Before any key is looked at, the client
/// address's failed-authentication budget is (<see cref="AuthFailureLimiter"/>): once used up, the request fails
/// without its key being checked, and the challenge answers 429. The key itself is never logged.
/// </summary>
internal sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options, ILoggerFactory loggerFactory, UrlEncoder encoder,
    ApiKeyAuthenticator authenticator, StoredKeys storedKeys, AuthFailureLimiter failures)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, loggerFactory, encoder)
{
    /// <summary>Item set when the address's budget is used up: how long until it may try again.</summary>
    public const string BlockedItem = "faas.auth_blocked";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var address = Context.Connection.RemoteIpAddress;
        if (failures.Blocked(address) is { } wait)
        {
            Log.Throttled(Logger, address?.ToString() ?? "unknown");
            Context.Items[BlockedItem] = wait;
            return AuthenticateResult.Fail("the address's failed-authentication budget is used up");
        }

        var (token, presentedAs, failure) = Credentials.Read(Request);
        if (token is null && failure is null)
        {
            return AuthenticateResult.NoResult();
        }

        var key = token is null ? null : authenticator.Authenticate(token);
        if (key is null && token is { Length: > 0 and <= 4096 })
        {
            key = await storedKeys.AuthenticateAsync(token, Context.RequestAborted);
        }

        if (key is not null && presentedAs != Credentials.PresentedAs.Bearer
            && (presentedAs == Credentials.PresentedAs.BasicOtherUser || (key.Scopes & Scope.Admin) == 0))
        {
            key = null;
            failure = "basic credentials refused (user admin with an admin key expected)";
        }

        if (key is null)
        {
            failure ??= presentedAs == Credentials.PresentedAs.Bearer ? "unknown bearer key" : "basic credentials refused (user admin with an admin key expected)";
            failures.Failed(address);
            Log.AuthenticationFailed(Logger, address?.ToString() ?? "unknown", failure);
            return AuthenticateResult.Fail(failure);
        }

        Context.Items[Callers.Item] = key;
        return AuthenticateResult.Success(new AuthenticationTicket(Principal(key), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => ApiKeyResponses.ChallengeAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => ApiKeyResponses.ForbidAsync(Context, null);

    internal static ClaimsPrincipal Principal(ApiKey key)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, key.Name), new(ApiKeyDefaults.NamespaceClaim, key.Namespace) };
        foreach (var scope in Enum.GetValues<Scope>())
        {
            if (scope != Scope.None && (key.Scopes & scope) != 0)
            {
                claims.Add(new Claim(ApiKeyDefaults.ScopeClaim, ScopePolicies.ScopeName(scope)));
            }
        }

        if (key.Functions is { } functions)
        {
            claims.Add(new Claim(ApiKeyDefaults.LimitedClaim, "true"));
            claims.AddRange(functions.Select(f => new Claim(ApiKeyDefaults.FunctionClaim, f)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, ApiKeyDefaults.Scheme));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Authentication failed from {Address}: {Reason}")]
        public static partial void AuthenticationFailed(ILogger logger, string address, string reason);

        [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Refused {Address} with 429: its failed-authentication budget is used up")]
        public static partial void Throttled(ILogger logger, string address);
    }
}
