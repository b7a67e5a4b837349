using Faas.Gateway.Auth;
using Faas.Orchestrator.Validation;

namespace Faas.Gateway.Endpoints;

/// <summary>The caller of a deploy route as the orchestrator's validation sees it: the key's name and whether it is an admin key.</summary>
internal static class DeployCallers
{
    public static DeployCaller Of(HttpContext context) =>
        Callers.Of(context) is { } key
            ? new DeployCaller(key.Name, (key.Scopes & Scope.Admin) != 0)
            : throw new InvalidOperationException("a deploy route ran without an authenticated caller");
}
