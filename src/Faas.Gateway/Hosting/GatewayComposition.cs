using System.Net;
using Faas.Gateway.Auth;
using Faas.Gateway.Configuration;
using Faas.Gateway.Endpoints;
using Faas.Gateway.Endpoints.OpenFaas;
using Faas.Gateway.Errors;
using Faas.Gateway.Logging;
using Faas.Gateway.Metrics;
using Faas.Gateway.Namespaces;
using Faas.Gateway.RateLimiting;
using Faas.Gateway.Ui;
using Faas.Orchestrator;
using Faas.Orchestrator.Cluster;
using Faas.Orchestrator.Executions;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Schedules;
using Faas.Runtime.Container;
using Faas.Runtime.Process;
using Faas.Storage.Postgres;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Faas.Gateway.Hosting;

/// <summary>
/// The one composition root: <see cref="AddFaasGateway"/> registers every service from the loaded config (the
/// orchestrator with its stores, runtimes and executions; auth, rate limiting, metrics, the gateway's options),
/// <see cref="UseFaasGateway"/> builds the pipeline and maps the routes.
/// </summary>
internal static class GatewayComposition
{
    /// <summary>The platform behind the gateway: orchestrator, SQLite stores, both runtimes, executions.</summary>
    public static IServiceCollection AddFaasPlatform(this IServiceCollection services, FaasConfig config)
    {
        services.TryAddSingleton(_ => HostLayoutLocator.Locate());
        var platform = services.AddFaasOrchestrator(o =>
            {
                o.CopyFrom(config.Platform);
                // The image policy keeps the runtime image (system.base_image) from non-admins.
                o.RuntimeImage = config.Runtimes.BaseImage;
                o.DrainTimeout = config.Gateway.ShutdownTimeout;
            })
            .AddDeclaredFunctions(config.Functions, DeclaredNamespaces(config))
            .AddProcessRuntime(sp => RuntimeSetup.Process(config, sp.GetRequiredService<HostLayout>()))
            .AddContainerRuntime(sp => RuntimeSetup.Container(config, sp.GetRequiredService<HostLayout>(), sp.GetRequiredService<Orchestrator.Storage.ISecretStore>()))
            .AddExecutions(o => o.CopyFrom(config.Async))
            .AddSchedules();
        services.Configure<ClusterOptions>(o => o.CopyFrom(config.Cluster));
        if (config.Registry.Kind == RegistryKind.Postgres)
        {
            // Shared state in PostgreSQL; this node becomes one of a cluster (docs/cluster.md).
            platform.AddPostgresStores(o => o.ConnectionString = config.Registry.ConnectionString!);
        }

        return services;
    }

    public static WebApplicationBuilder AddFaasGateway(this WebApplicationBuilder builder, FaasConfig config)
    {
        var gateway = config.Gateway;
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(gateway.LogLevel);
        builder.Logging.AddFilter("Microsoft.AspNetCore", gateway.LogLevel <= LogLevel.Debug ? LogLevel.Information : LogLevel.Warning);
        if (gateway.JsonLogs)
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
            kestrel.Listen(ParseAddress(gateway.Host), gateway.Port);
            kestrel.Limits.MaxRequestBodySize = gateway.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 1024, gracePeriod: TimeSpan.FromSeconds(5));
        });

        var services = builder.Services;
        // Hosted services stop in reverse (server, executions, functions, runtimes), each draining for up to shutdown_timeout.
        services.Configure<HostOptions>(o => o.ShutdownTimeout = gateway.ShutdownTimeout * 2 + TimeSpan.FromSeconds(10));
        services.ConfigureHttpJsonOptions(o => GatewayJson.Configure(o.SerializerOptions));
        services.AddConfigOptions<GatewayOptions, GatewayOptionsValidator>(gateway);
        services.AddSingleton(config);
        services.TryAddSingleton(TimeProvider.System);
        // Before the auth's own registration: the registry, not the config's keys, says which namespaces exist.
        services.AddSingleton<IKnownNamespaces, StoredNamespaces>();
        services.AddFaasAuth(config);
        services.AddFaasRateLimiting(gateway.RateLimit);
        services.AddFaasMetrics();
        services.AddFaasPlatform(config);
        builder.AddFaasDashboard();
        return builder;
    }

    public static WebApplication UseFaasGateway(this WebApplication app)
    {
        var gateway = app.Services.GetRequiredService<FaasConfig>().Gateway;
        app.UseTrustedProxies(app.Services.GetRequiredService<FaasConfig>().TrustedProxies);
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseExceptionHandler(error => error.Run(context =>
        {
            var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            return exception is Microsoft.AspNetCore.Http.BadHttpRequestException bad
                ? ApiErrors.WriteAsync(context, bad.StatusCode, bad.Message)
                : ApiErrors.For(exception) is { } expected
                ? ApiErrors.WriteAsync(context, expected.Status, expected.Code, exception!.Message)
                : ApiErrors.WriteAsync(context, 500, "internal_error", "the gateway failed to handle the request; see its log");
        }));
        app.UseStatusCodePages(context => context.HttpContext.Response.ContentLength is null && !context.HttpContext.Response.HasStarted
            ? ApiErrors.WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode,
                context.HttpContext.Response.StatusCode == 404 ? "no such route" : "the request was not accepted")
            : Task.CompletedTask);
        app.UseRouting();
        app.UseFaasMetrics(gateway.MetricsScope);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<FunctionNameMiddleware>();
        app.UseMiddleware<NamespaceMiddleware>();
        app.UseRateLimiter();

        var routes = app.MapGroup("");
        AuthSetup.FailClosed(routes);
        routes.MapAdminEndpoints();
        routes.MapClusterEndpoints();
        routes.MapFunctionEndpoints();
        routes.MapInvokeEndpoints();
        routes.MapExecutionEndpoints();
        routes.MapVersionEndpoints();
        routes.MapAliasEndpoints();
        routes.MapScheduleEndpoints();
        routes.MapFunctionExecutionEndpoints();
        routes.MapSecretEndpoints();
        routes.MapObjectEndpoints();
        routes.MapNamespaceEndpoints();
        routes.MapKeyEndpoints();
        routes.MapUserEndpoints();
        routes.MapLoginEndpoints();
        routes.MapOpenFaasSystemEndpoints();
        routes.MapOpenFaasFunctionEndpoints();
        routes.MapOpenFaasLogEndpoints();
        routes.MapOpenFaasSecretEndpoints();
        routes.MapOpenFaasInvokeEndpoints(gateway.OpenFaasPublicInvoke);
        routes.MapOpenFaasAsyncEndpoints(gateway.OpenFaasPublicInvoke);
        app.MapFaasDashboard();
        return app;
    }

    /// <summary>The config's <c>namespaces:</c> and those its keys name (a key of namespace <c>team-a</c> makes it exist), <c>*</c> aside.</summary>
    private static Dictionary<string, Orchestrator.Namespaces.NamespaceQuota?> DeclaredNamespaces(FaasConfig config)
    {
        var all = new Dictionary<string, Orchestrator.Namespaces.NamespaceQuota?>(config.Namespaces, StringComparer.Ordinal);
        foreach (var key in config.ApiKeys.Where(k => k.Namespace != CallerNamespace.AllNamespaces))
        {
            all.TryAdd(key.Namespace, null);
        }

        return all;
    }

    private static IPAddress ParseAddress(string host) =>
        host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out var address) ? address : IPAddress.Loopback;
}
