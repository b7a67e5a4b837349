using System.Runtime.InteropServices;
using Faas.Gateway.Auth;
using Faas.Gateway.Namespaces;
using Faas.Orchestrator.Namespaces;

namespace Faas.Gateway.Endpoints.OpenFaas;

/// <summary>
/// <c>GET /healthz</c> (open, as in OpenFaaS), <c>/system/info</c> and <c>/system/namespaces</c>: every namespace for a
/// platform admin, the caller's own for anyone else, <c>default</c> as <c>openfaas-fn</c>.
/// </summary>
internal static class OpenFaasSystemEndpoints
{
    public static void MapOpenFaasSystemEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("OK")).RequireScope(Scope.None);
        app.MapGet("/system/info", () => Results.Json(new
        {
            provider = new { provider = PlatformInfo.Name, orchestration = PlatformInfo.Name, version = new { release = PlatformInfo.Version, sha = PlatformInfo.CommitSha } },
            version = new { release = PlatformInfo.Version, sha = PlatformInfo.CommitSha, commit_message = PlatformInfo.CommitMessage },
            arch = Architecture(),
        }, OpenFaasJson.Options)).RequireScope(Scope.Manage);
        app.MapGet("/system/namespaces", async (HttpContext context, INamespaceService namespaces) =>
        {
            var names = CallerNamespace.SeesAll(context)
                ? (await namespaces.ListAsync(context.RequestAborted)).Select(n => n.Name).ToList()
                : [CallerNamespace.Of(context)];
            return Results.Json(names.Select(OpenFaasNamespace.Name).ToList(), OpenFaasJson.Options);
        }).RequireScope(Scope.Manage);
    }

    private static string Architecture() => RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "x86_64",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        var other => other.ToString().ToLowerInvariant(),
    };
}
