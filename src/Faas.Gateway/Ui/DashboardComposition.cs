using Faas.Gateway.Auth;
using Faas.Gateway.Ui.Actions;
using Faas.Gateway.Ui.Auth;
using Faas.Gateway.Ui.Components;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Faas.Gateway.Ui;

/// <summary>
/// The dashboard at <c>/ui</c>: Blazor components (static server rendering for sign-in, interactive server rendering
/// for the live pages), a cookie scheme beside the API-key scheme, antiforgery, and the framework's own
/// <c>blazor.web.js</c> served from the build's static web assets; nothing is fetched from elsewhere.
/// </summary>
internal static class DashboardComposition
{
    /// <summary>Largest message a browser may send over the circuit: a whole source file (512 KiB) with room to spare.</summary>
    private const long MaxCircuitMessageBytes = 2 << 20;

    public static WebApplicationBuilder AddFaasDashboard(this WebApplicationBuilder builder)
    {
        DashboardAssets.Configure(builder);
        var services = builder.Services;
        services.AddRazorComponents()
            .AddInteractiveServerComponents()
            .AddHubOptions(o => o.MaximumReceiveMessageSize = MaxCircuitMessageBytes);
        services.AddCascadingAuthenticationState();

        // The API-key scheme stays the default, as it was while it was the only scheme; only dashboard endpoints use the cookie.
        services.Configure<AuthenticationOptions>(o => o.DefaultScheme ??= ApiKeyDefaults.Scheme);
        services.AddAuthentication().AddCookie(DashboardAuth.Scheme, o =>
        {
            o.Cookie.Name = DashboardAuth.CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.Path = "/";
            o.LoginPath = DashboardAuth.LoginPath;
            o.LogoutPath = DashboardAuth.LogoutPath;
            o.AccessDeniedPath = DashboardAuth.Home;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = DashboardSessions.ValidateAsync;
        });
        services.AddAuthorization(o => o.AddPolicy(DashboardAuth.Policy, p => p.AddAuthenticationSchemes(DashboardAuth.Scheme).RequireAuthenticatedUser()));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = DashboardAuth.AntiforgeryCookieName;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });

        // Keys for the session tickets and antiforgery tokens: in memory only (sessions end at restart).
        services.AddDataProtection().SetApplicationName("faas-dashboard");
        services.Configure<KeyManagementOptions>(o =>
        {
            o.XmlRepository = new InMemoryXmlRepository();
            o.XmlEncryptor = new NullXmlEncryptor();
        });

        DecorateResultHandler(services);
        services.TryAddSingleton<DashboardActions>();
        services.TryAddSingleton<DashboardDeployments>();
        services.TryAddSingleton<DashboardInvoker>();
        return builder;
    }

    public static WebApplication MapFaasDashboard(this WebApplication app)
    {
        app.UseAntiforgery();
        DashboardAssets.Map(app);
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .RequireAuthorization(DashboardAuth.Policy)
            .Add(e => e.Metadata.Add(DashboardEndpoint.Instance));
        app.MapDashboardSignIn();
        return app;
    }

    /// <summary>Wraps the API-key answers (JSON 401/403/429) so the dashboard's policy answers with the cookie scheme's redirects instead.</summary>
    private static void DecorateResultHandler(IServiceCollection services)
    {
        var api = services.LastOrDefault(d => d.ServiceType == typeof(Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler));
        services.Replace(ServiceDescriptor.Singleton<IAuthorizationMiddlewareResultHandler>(sp => new DashboardAuthorizationResultHandler(api switch
        {
            { ImplementationInstance: IAuthorizationMiddlewareResultHandler instance } => instance,
            { ImplementationFactory: { } factory } => (IAuthorizationMiddlewareResultHandler)factory(sp),
            { ImplementationType: { } type } => (IAuthorizationMiddlewareResultHandler)ActivatorUtilities.CreateInstance(sp, type),
            _ => new Microsoft.AspNetCore.Authorization.Policy.AuthorizationMiddlewareResultHandler(),
        })));
    }
}
