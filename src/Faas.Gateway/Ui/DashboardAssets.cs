namespace Faas.Gateway.Ui;

/// <summary>
/// The dashboard's static files — Blazor's <c>_framework/blazor.web.js</c> and the components' bundled styles —
/// are static web assets of this build: from the build's manifest (a build, as <c>scripts/run.sh</c> and the tests
/// run it) or from <c>wwwroot</c> beside the gateway (a published gateway, as in the platform image). Never from
/// another host.
/// </summary>
internal static class DashboardAssets
{
    private const string Name = "Faas.Gateway";

    private static string RuntimeManifest => Path.Combine(AppContext.BaseDirectory, Name + ".staticwebassets.runtime.json");

    private static string EndpointsManifest => Path.Combine(AppContext.BaseDirectory, Name + ".staticwebassets.endpoints.json");

    public static void Configure(WebApplicationBuilder builder)
    {
        // A build's manifest makes MapStaticAssets behave as in development: a catch-all file route, no caching
        // headers, no integrity. The gateway serves a build as it serves a publish: only listed assets, cached by fingerprint.
        builder.Configuration["DisableStaticAssetNotFoundRuntimeFallback"] = "true";
        builder.Configuration["EnableStaticAssetsDevelopmentCaching"] = "true";
        builder.Configuration["EnableStaticAssetsDevelopmentIntegrity"] = "true";
        var webHost = builder.WebHost;
        var published = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (Directory.Exists(published))
        {
            webHost.UseWebRoot(published);
        }

        if (File.Exists(RuntimeManifest))
        {
            webHost.UseSetting(WebHostDefaults.StaticWebAssetsKey, RuntimeManifest);
            webHost.UseStaticWebAssets();
        }
    }

    public static void Map(WebApplication app)
    {
        // A host that is not the gateway's own build (a test assembly) has no manifest: the pages still render.
        if (File.Exists(EndpointsManifest))
        {
            app.MapStaticAssets(EndpointsManifest).Add(e => e.Metadata.Add(DashboardEndpoint.Instance));
        }
    }
}
