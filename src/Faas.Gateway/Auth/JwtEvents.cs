using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Faas.Gateway.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Faas.Gateway.Auth;

/// <summary>
/// The JWT scheme's hooks: the address's failed-authentication budget is asked before a token is read and charged
/// for every refused token; a token whose signature and lifetime hold is still refused unless its user exists, is
/// enabled and has the token's security stamp (<see cref="UserSessions"/>, checked on every request). An accepted
/// token becomes the same principal a key would (<see cref="ApiKeyAuthenticationHandler.Principal"/>), from the
/// user's current record. Tokens are never logged.
/// </summary>
internal sealed partial class JwtEvents(AuthFailureLimiter failures, UserSessions sessions, ILogger<JwtEvents> logger) : JwtBearerEvents
{
    public override Task MessageReceived(MessageReceivedContext context)
    {
        var address = context.HttpContext.Connection.RemoteIpAddress;
        if (failures.Blocked(address) is { } wait)
        {
            Log.Throttled(logger, address?.ToString() ?? "unknown");
            context.HttpContext.Items[ApiKeyAuthenticationHandler.BlockedItem] = wait;
            context.Fail("the address's failed-authentication budget is used up");
        }

        return Task.CompletedTask;
    }

    public override Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        var address = context.HttpContext.Connection.RemoteIpAddress;
        failures.Failed(address);
        Log.Refused(logger, address?.ToString() ?? "unknown", context.Exception.GetType().Name);
        return Task.CompletedTask;
    }

    public override async Task TokenValidated(TokenValidatedContext context)
    {
        var claims = context.Principal;
        var username = claims?.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        var stamp = claims?.FindFirst(ApiKeyDefaults.StampClaim)?.Value;
        var user = username is null ? null : await sessions.CurrentAsync(username, context.HttpContext.RequestAborted);
        if (user is null || user.Disabled || stamp is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(stamp), Encoding.UTF8.GetBytes(user.SecurityStamp)))
        {
            var address = context.HttpContext.Connection.RemoteIpAddress;
            failures.Failed(address);
            Log.Refused(logger, address?.ToString() ?? "unknown", "user disabled, deleted or changed since the token was issued");
            context.Fail("the token's user is disabled, deleted or changed since it was issued");
            return;
        }

        var caller = Callers.ForUser(user);
        var principal = ApiKeyAuthenticationHandler.Principal(caller);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(JwtRegisteredClaimNames.Sub, user.Username));
        context.HttpContext.Items[Callers.Item] = caller;
        context.Principal = principal;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "Token refused from {Address}: {Reason}")]
        public static partial void Refused(ILogger logger, string address, string reason);

        [LoggerMessage(EventId = 41, Level = LogLevel.Debug, Message = "Refused {Address} with 429: its failed-authentication budget is used up")]
        public static partial void Throttled(ILogger logger, string address);
    }
}
