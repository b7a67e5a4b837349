using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Faas.Runtime.Container.Tests.TestSupport;

/// <summary>A tiny engine on a Unix socket (Kestrel): answers each request with the given handler and records the paths asked.</summary>
internal sealed class FakeEngine : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<string> _requests = [];

    private FakeEngine(WebApplication app, string socketPath)
    {
        _app = app;
        SocketPath = socketPath;
    }

    public string SocketPath { get; }

    public string Endpoint => "unix://" + SocketPath;

    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FakeEngine> StartAsync(Func<HttpContext, Task> handle)
    {
        var path = Path.Combine(Path.GetTempPath(), "faas-fake-engine-" + Guid.NewGuid().ToString("N")[..8] + ".sock");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.ListenUnixSocket(path));
        var app = builder.Build();
        var engine = new FakeEngine(app, path);
        app.Run(context =>
        {
            lock (engine._requests)
            {
                engine._requests.Add(context.Request.Method + " " + context.Request.Path + context.Request.QueryString);
            }

            return handle(context);
        });
        await app.StartAsync();
        return engine;
    }

    /// <summary>Answers <c>/_ping</c> and <c>/version</c> like Debian's engine (API 1.41), everything else with <paramref name="other"/>.</summary>
    public static Task<FakeEngine> StartAsync(int otherStatus, string otherBody) => StartAsync(async context =>
    {
        var path = context.Request.Path.Value ?? "";
        var (status, body) = path switch
        {
            "/_ping" => (200, "OK"),
            "/version" => (200, """{"Version":"20.10.24","ApiVersion":"1.41","MinAPIVersion":"1.12"}"""),
            _ => (otherStatus, otherBody),
        };
        context.Response.StatusCode = status;
        context.Response.ContentType = body.StartsWith('{') ? "application/json" : "text/plain";
        await context.Response.WriteAsync(body);
    });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        File.Delete(SocketPath);
    }
}
