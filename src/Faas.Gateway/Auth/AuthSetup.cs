using Faas.Gateway.Configuration;
using Faas.Gateway.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Faas.Gateway.Auth;

/// <summary>
/// Composition of authentication (configured keys, keys made over REST, users' tokens, chosen per request by
/// <see cref="SchemeSelector"/>) and per-scope authorization.
/// </summary>
internal static class AuthSetup
{
    public static IServiceCollection AddFaasAuth(this IServiceCollection services, FaasConfig config)
    {
        services.AddSingleton(new ApiKeyAuthenticator(config.ApiKeys));
        services.AddSingleton(config.Auth);
        services.TryAddSingleton<IKnownNamespaces>(new ConfiguredNamespaces(config.ApiKeys));
        services.AddSingleton<StoredKeys>();
        services.AddSingleton<UserSessions>();
        services.TryAddSingleton(_ => new PasswordHasher());
        services.AddSingleton<TokenKey>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton(sp => new LoginThrottle(config.Gateway.RateLimit.AuthFailures, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<LoginService>();
        services.AddSingleton<JwtEvents>();

        // The policy scheme is the default (the dashboard wants one), so a token is never tried as a key.
        services.AddAuthentication(ApiKeyDefaults.PolicyScheme)
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, null)
            .AddJwtBearer(ApiKeyDefaults.JwtScheme, _ => { })
            .AddPolicyScheme(ApiKeyDefaults.PolicyScheme, null, o => o.ForwardDefaultSelector = SchemeSelector.Select);
        services.AddOptions<JwtBearerOptions>(ApiKeyDefaults.JwtScheme).Configure<TokenIssuer>((o, tokens) =>
        {
            o.TokenValidationParameters = tokens.ValidationParameters();
            o.MapInboundClaims = false;
            o.IncludeErrorDetails = false;
            o.SaveToken = false;
            o.EventsType = typeof(JwtEvents);
        });
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
