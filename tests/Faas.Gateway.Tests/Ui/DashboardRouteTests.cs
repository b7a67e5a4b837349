using Faas.Gateway.Cli;
using Faas.Gateway.Configuration;
using Faas.Gateway.Ui;
using Faas.Gateway.Ui.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Ui;

/// <summary>
/// Every route the dashboard maps (<see cref="DashboardEndpoint"/>) is closed by the dashboard's session policy,
/// except the sign-in form and its post, and static assets (files).
/// </summary>
[TestFixture]
public sealed class DashboardRouteTests
{
    [Test]
    public async Task Build_EveryDashboardRoute_NeedsASessionUnlessSignInOrAsset()
    {
        var storage = Path.Combine(Path.GetTempPath(), "faas-ui-routes-" + Guid.NewGuid().ToString("N")[..8]);
        var config = ConfigLoader.Parse(
            $"system:\n  function_storage_path: {storage}\nauth:\n  api_keys:\n    - {{ key: some-key-1, scopes: [admin] }}\n",
            "routes.yaml", storage, new Dictionary<string, string?>(), new CommandLine());
        await using var app = GatewayApp.Build(config);

        var dashboard = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<DashboardEndpoint>() is not null)
            .ToList();
        var open = dashboard.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null || e.Metadata.GetMetadata<IAuthorizeData>() is null)
            .Select(e => "/" + e.RoutePattern.RawText!.Trim('/'))
            .ToList();
        var closed = dashboard.Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == DashboardAuth.Policy)
            && e.Metadata.GetMetadata<IAllowAnonymous>() is null).Select(e => "/" + e.RoutePattern.RawText!.Trim('/')).ToList();

        Assert.That(closed, Is.SupersetOf(new[] { "/ui", "/ui/functions/{Name}", "/ui/new", "/ui/invoke", "/ui/admin", "/ui/logout", "/_blazor" }));
        Assert.That(open.Where(p => !IsAsset(p)), Is.EquivalentTo(new[] { "/ui/login", "/ui/session" }));
        Assert.That(dashboard.Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true && e.RoutePattern.RawText!.StartsWith("/ui/"))
            .All(e => e.Metadata.GetMetadata<IAntiforgeryMetadata>()?.RequiresValidation == true), Is.True, "every form post needs its antiforgery token");
        if (Directory.Exists(storage))
        {
            Directory.Delete(storage, recursive: true);
        }
    }

    /// <summary>Static web assets: files (a name with an extension): the framework's, the components' style bundle, the editor's script.</summary>
    private static bool IsAsset(string pattern) =>
        !pattern.Contains('{', StringComparison.Ordinal) && Path.HasExtension(pattern)
        && (pattern.StartsWith("/_framework/", StringComparison.Ordinal) || pattern.StartsWith("/Faas.Gateway.", StringComparison.Ordinal)
            || pattern.StartsWith("/Ui/Components/", StringComparison.Ordinal));
}
