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
        if (File.Exists(RuntimeManifest))
        {
            builder.WebHost.UseSetting(WebHostDefaults.StaticWebAssetsKey, RuntimeManifest);
            builder.WebHost.UseStaticWebAssets();
        }
    }

    public static void Map(WebApplication app)
    {
        // A published gateway has its assets in wwwroot beside it, whatever the working directory is.
        var published = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (!File.Exists(RuntimeManifest) && Directory.Exists(published))
        {
            app.Environment.WebRootPath = published;
            app.Environment.WebRootFileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(published);
        }

        // A host that is not the gateway's own build (a test assembly) has no manifest: the pages still render.
        if (File.Exists(EndpointsManifest))
        {
            app.MapStaticAssets(EndpointsManifest).Add(e => e.Metadata.Add(DashboardEndpoint.Instance));
        }
    }
}
