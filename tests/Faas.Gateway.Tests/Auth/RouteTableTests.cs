using Faas.Gateway.Auth;
using Faas.Gateway.Cli;
using Faas.Gateway.Configuration;
using Microsoft.AspNetCore.Routing;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Auth;

/// <summary>Reads the routes of a built (not started) gateway and checks them against <see cref="RouteTable"/>.</summary>
[TestFixture]
public sealed class RouteTableTests
{
    /// <summary>Stands for a route without <see cref="RequiredScope"/>: never in the table.</summary>
    private const Scope MissingScope = (Scope)(-1);

    [Test]
    public async Task Build_EveryRoute_IsInTheTableWithItsScope()
    {
        var storage = Path.Combine(Path.GetTempPath(), "faas-routes-" + Guid.NewGuid().ToString("N")[..8]);
        var config = ConfigLoader.Parse(
            $"system:\n  function_storage_path: {storage}\nauth:\n  api_keys:\n    - {{ key: some-key-1, scopes: [admin] }}\n",
            "routes.yaml", storage, new Dictionary<string, string?>(), new CommandLine());
        await using var app = GatewayApp.Build(config);

        var routes = ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(d => d.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Faas.Gateway.Ui.DashboardEndpoint>() is null) // the dashboard's own test covers those
            .Select(e => new RouteTable.Route(
                e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? string.Join(",", methods) : RouteTable.AnyMethod,
                "/" + e.RoutePattern.RawText!.Trim('/'),
                e.Metadata.GetMetadata<RequiredScope>()?.Scope ?? MissingScope))
            .ToList();

        Assert.That(routes, Is.EquivalentTo(RouteTable.All),
            "the gateway's routes differ from RouteTable: add the new route (and its scope) to the table");
        if (Directory.Exists(storage))
        {
            Directory.Delete(storage, recursive: true);
        }
    }
}
