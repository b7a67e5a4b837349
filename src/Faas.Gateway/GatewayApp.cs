using Faas.Gateway.Configuration;
using Faas.Gateway.Hosting;
using Faas.Orchestrator.Runtime;
using Microsoft.Extensions.Options;

namespace Faas.Gateway;

/// <summary>Builds the gateway from the one composition (<see cref="GatewayComposition"/>) and runs it.</summary>
internal static partial class GatewayApp
{
    /// <summary>Runs until SIGTERM/SIGINT; 1 when start-up fails (a declared function that cannot be deployed, invalid options).</summary>
    public static async Task<int> RunAsync(FaasConfig config)
    {
        await using var app = Build(config);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Faas.Gateway");
        if (config.Runtimes.Isolation == ProcessIsolation.None)
        {
            Log.NoIsolation(logger);
        }

        app.Lifetime.ApplicationStopping.Register(() => Log.Draining(logger, config.Gateway.ShutdownTimeout.TotalSeconds));
        try
        {
            await app.StartAsync();
        }
        catch (Exception ex) when (ex is InvalidOperationException or OptionsValidationException)
        {
            Console.Error.WriteLine($"faas: {ex.Message}");
            return 1;
        }

        var checks = app.Services.GetRequiredService<ISystemChecks>();
        Log.Listening(logger, $"http://{config.Gateway.Host}:{config.Gateway.Port}", PlatformInfo.Version,
            checks.ModeStatus(ExecutionMode.Process).Message, checks.ModeStatus(ExecutionMode.Container).Message);
        await app.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>The app, built and not started; <paramref name="configure"/> (tests) may replace services after the composition.</summary>
    public static WebApplication Build(FaasConfig config, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.AddFaasGateway(config);
        configure?.Invoke(builder);
        return builder.Build().UseFaasGateway();
    }

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
