using System.Runtime.InteropServices;
using Faas.Gateway.Auth;

namespace Faas.Gateway.Endpoints.OpenFaas;

/// <summary><c>GET /healthz</c> (open, as in OpenFaaS), <c>/system/info</c> and <c>/system/namespaces</c>.</summary>
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
        app.MapGet("/system/namespaces", () => Results.Json(new[] { OpenFaasJson.Namespace }, OpenFaasJson.Options)).RequireScope(Scope.Manage);
    }

    private static string Architecture() => RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "x86_64",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        var other => other.ToString().ToLowerInvariant(),
    };
}
