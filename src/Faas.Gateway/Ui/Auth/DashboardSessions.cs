using System.Security.Cryptography;
using System.Text;
using Faas.Gateway.Auth;
using Faas.Gateway.Configuration;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Faas.Gateway.Ui.Auth;

/// <summary>
/// A session stays valid only while what it signed in with still holds the scopes and function limit the ticket says:
/// a configured key of its name and namespace, a key made over REST that is neither revoked nor expired
/// (<see cref="StoredKeys"/>), or a user who is neither deleted nor disabled and still has the ticket's security stamp
/// (<see cref="UserSessions"/>).
/// </summary>
internal static class DashboardSessions
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var caller = DashboardCaller.From(context.Principal);
        var current = caller is null ? null : await CurrentAsync(context, caller.Name);
        var same = current is not null && current.Scopes == caller!.Scopes
            && (current.Functions is null ? caller.Functions is null : caller.Functions is not null && current.Functions.SetEquals(caller.Functions));
        if (!same)
        {
            context.RejectPrincipal();
        }
    }

    private static async Task<ApiKey?> CurrentAsync(CookieValidatePrincipalContext context, string name)
    {
        var services = context.HttpContext.RequestServices;
        var cancellationToken = context.HttpContext.RequestAborted;
        var ns = context.Principal!.FindFirst(ApiKeyDefaults.NamespaceClaim)?.Value ?? ApiKeyDefaults.DefaultNamespace;
        if (name.StartsWith(Callers.UserPrefix, StringComparison.Ordinal))
        {
            var stamp = context.Principal.FindFirst(ApiKeyDefaults.StampClaim)?.Value;
            var user = await services.GetRequiredService<UserSessions>().CurrentAsync(name[Callers.UserPrefix.Length..], cancellationToken);
            return user is null || user.Disabled || stamp is null
                || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(stamp), Encoding.UTF8.GetBytes(user.SecurityStamp))
                ? null
                : Callers.ForUser(user);
        }

        return services.GetRequiredService<FaasConfig>().ApiKeys.FirstOrDefault(k => k.Name == name && k.Namespace == ns)
            ?? await services.GetRequiredService<StoredKeys>().CurrentAsync(ns, name, cancellationToken);
    }
}
