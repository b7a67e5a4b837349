using Faas.Gateway.Configuration;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Faas.Gateway.Ui.Auth;

/// <summary>A session stays valid only while a configured key of its name still has the scopes and function limit the ticket says.</summary>
internal static class DashboardSessions
{
    public static Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var caller = DashboardCaller.From(context.Principal);
        var keys = context.HttpContext.RequestServices.GetRequiredService<FaasConfig>().ApiKeys;
        var key = caller is null ? null : keys.FirstOrDefault(k => k.Name == caller.Name);
        var same = key is not null && key.Scopes == caller!.Scopes
            && (key.Functions is null ? caller.Functions is null : caller.Functions is not null && key.Functions.SetEquals(caller.Functions));
        if (!same)
        {
            context.RejectPrincipal();
        }

        return Task.CompletedTask;
    }
}
