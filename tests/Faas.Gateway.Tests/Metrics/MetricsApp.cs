using System.Diagnostics.Metrics;
using System.Net;
using Faas.Gateway.Auth;
using Faas.Gateway.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faas.Gateway.Tests.Metrics;

/// <summary>
/// A small app in this process with the gateway's metrics composition only
/// (<c>AddFaasMetrics</c>, <c>UseFaasMetrics</c>) on a free loopback port.
/// </summary>
internal sealed class MetricsApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MetricsApp(WebApplication app, Uri baseAddress)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>A meter of this app (its <see cref="IMeterFactory"/>), as the gateway's and orchestrator's are.</summary>
    public Meter Meter(string name) => Services.GetRequiredService<IMeterFactory>().Create(name);

    public static async Task<MetricsApp> StartAsync(Scope metricsScope = Scope.None)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddFaasMetrics();
        var app = builder.Build();
        app.UseRouting();
        app.UseFaasMetrics(metricsScope);
        app.MapGet("/hello/{name}", (string name) => "hello " + name);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new MetricsApp(app, new Uri(address + "/"));
    }

    public async Task<string> ScrapeAsync()
    {
        using var response = await Client.GetAsync("metrics");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
