using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Faas.Gateway.Auth;

/// <summary>Composition of API-key authentication and per-scope authorization.</summary>
internal static class AuthSetup
{
    public static IServiceCollection AddFaasAuth(this IServiceCollection services, IReadOnlyList<ApiKey> keys)
    {
        services.AddSingleton(new ApiKeyAuthenticator(keys));
        // No default scheme: only routes with a scope policy authenticate (and count failures); /health never does.
        services.AddAuthentication().AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, null);
        services.AddAuthorization(ScopePolicies.Add);
        services.AddSingleton<IAuthorizationHandler, ScopeAuthorizationHandler>();
        services.AddSingleton<IAuthorizationHandler, FunctionLimitAuthorizationHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiKeyAuthorizationResultHandler>();
        return services;
    }

    /// <summary>Fail closed: a route of <paramref name="group"/> that declared no scope is admin-only, not public.</summary>
    public static void FailClosed(RouteGroupBuilder group) =>
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            if (!endpoint.Metadata.OfType<RequiredScope>().Any())
            {
                endpoint.Metadata.Add(new RequiredScope(Scope.Admin));
                endpoint.Metadata.Add(new AuthorizeAttribute(ScopePolicies.Name(Scope.Admin)));
            }
        });
}
