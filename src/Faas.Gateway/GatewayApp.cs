using System.Net;
using Faas.Gateway.Auth;
using Faas.Gateway.Configuration;
using Faas.Gateway.Endpoints;
using Faas.Gateway.Endpoints.OpenFaas;
using Faas.Gateway.Errors;
using Faas.Gateway.Logging;
using Faas.Gateway.Metrics;
using Faas.Gateway.RateLimiting;
using Faas.Orchestrator;
using Faas.Orchestrator.Executions;
using Faas.Orchestrator.Runtime;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Faas.Gateway;

/// <summary>Builds and runs the ASP.NET Core app around the orchestrator.</summary>
internal static partial class GatewayApp
{
    public static async Task<int> RunAsync(FaasConfig config)
    {
        var app = Build(config);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Faas.Gateway");
        var orchestrator = app.Services.GetRequiredService<FaasOrchestrator>();
        var executions = app.Services.GetRequiredService<ExecutionService>();
        if (config.Runtimes.Isolation == ProcessIsolation.None)
        {
            Log.NoIsolation(logger);
        }

        try
        {
            await orchestrator.StartAsync(config.Functions, CancellationToken.None);
        }
        catch (InvalidOperationException ex)
        {
            Console.Error.WriteLine($"faas: {ex.Message}");
            await orchestrator.DisposeAsync();
            return 1;
        }

        executions.Start();

        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStopping.Register(() =>
        {
            Log.Draining(logger, config.Gateway.ShutdownTimeout.TotalSeconds);
            executions.StopAsync(config.Gateway.ShutdownTimeout).GetAwaiter().GetResult();
            orchestrator.StopAsync(config.Gateway.ShutdownTimeout).GetAwaiter().GetResult();
        });

        await app.StartAsync();
        Log.Listening(logger, $"http://{config.Gateway.Host}:{config.Gateway.Port}", PlatformInfo.Version,
            orchestrator.ModeStatus(ExecutionMode.Process).Message, orchestrator.ModeStatus(ExecutionMode.Container).Message);
        await app.WaitForShutdownAsync();
        await executions.DisposeAsync();
        await orchestrator.DisposeAsync();
        return 0;
    }

    public static WebApplication Build(FaasConfig config)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(config.Gateway.LogLevel);
        builder.Logging.AddFilter("Microsoft.AspNetCore", config.Gateway.LogLevel <= LogLevel.Debug ? LogLevel.Information : LogLevel.Warning);
        if (config.Gateway.JsonLogs)
        {
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        }
        else
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(ParseAddress(config.Gateway.Host), config.Gateway.Port);
            kestrel.Limits.MaxRequestBodySize = config.Gateway.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 1024, gracePeriod: TimeSpan.FromSeconds(5));
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = config.Gateway.ShutdownTimeout + TimeSpan.FromSeconds(10));
        builder.Services.ConfigureHttpJsonOptions(o => GatewayJson.Configure(o.SerializerOptions));

        builder.Services.AddSingleton(config);
        builder.Services.AddSingleton(new ApiKeyAuthenticator(config.ApiKeys));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddFaasRateLimiting(config.Gateway.RateLimit);
        builder.Services.AddFaasMetrics();
        builder.Services.AddSingleton(sp => RuntimeComposition.Create(config, sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton<IEnumerable<IFunctionRuntime>>(sp => sp.GetRequiredService<RuntimeComposition>().All);
        // The image policy keeps the runtime image (system.base_image) from non-admins.
        builder.Services.AddFaasOrchestrator(config.Platform with { RuntimeImage = config.Runtimes.BaseImage });
        builder.Services.AddFaasExecutions(config.Async);

        var app = builder.Build();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseExceptionHandler(error => error.Run(context =>
        {
            var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            return exception is Microsoft.AspNetCore.Http.BadHttpRequestException bad
                ? ApiErrors.WriteAsync(context, bad.StatusCode, bad.Message)
                : ApiErrors.WriteAsync(context, 500, "internal_error", "the gateway failed to handle the request; see its log");
        }));
        app.UseStatusCodePages(context => context.HttpContext.Response.ContentLength is null && !context.HttpContext.Response.HasStarted
            ? ApiErrors.WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode,
                context.HttpContext.Response.StatusCode == 404 ? "no such route" : "the request was not accepted")
            : Task.CompletedTask);
        app.UseRouting();
        app.UseFaasMetrics(config.Gateway.MetricsScope);
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseMiddleware<FunctionNameMiddleware>();
        app.UseRateLimiter();
        app.MapAdminEndpoints();
        app.MapFunctionEndpoints();
        app.MapInvokeEndpoints();
        app.MapExecutionEndpoints();
        app.MapSecretEndpoints();
        app.MapOpenFaasSystemEndpoints();
        app.MapOpenFaasFunctionEndpoints();
        app.MapOpenFaasLogEndpoints();
        app.MapOpenFaasSecretEndpoints();
        app.MapOpenFaasInvokeEndpoints(config.Gateway.OpenFaasPublicInvoke);
        return app;
    }

    private static IPAddress ParseAddress(string host) =>
        host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out var address) ? address : IPAddress.Loopback;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Faas {Version} listening on {Url} (process mode: {Process}; container mode: {Container})")]
        public static partial void Listening(ILogger logger, string url, string version, string process, string container);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "process_isolation_level is none: functions run as plain child processes WITHOUT a sandbox; use this only for development")]
        public static partial void NoIsolation(ILogger logger);

        [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Shutting down: draining in-flight invocations for up to {Seconds} s")]
        public static partial void Draining(ILogger logger, double seconds);
    }
}
