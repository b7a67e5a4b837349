using System.Net.Http.Headers;
using System.Text;
using Faas.Gateway.Cli;
using Faas.Gateway.Configuration;
using Faas.Orchestrator.Runtime;
using Faas.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Faas.Gateway.Tests.Hosting;

/// <summary>
/// The gateway built from its one composition (<see cref="GatewayApp.Build"/>), on a test server, with the runtimes
/// replaced by an <see cref="InProcessRuntime"/> (handlers run in the test process, no sandbox): for tests of HTTP
/// behaviour — auth, status codes, errors, validation — where the sandbox is not the point.
/// </summary>
internal sealed class InProcessGateway : ITestGateway
{
    private readonly WebApplication _app;
    private readonly StringBuilder _output;

    private InProcessGateway(WebApplication app, StringBuilder output, string storagePath, InProcessRuntime runtime)
    {
        _app = app;
        _output = output;
        StoragePath = storagePath;
        Runtime = runtime;
    }

    public Uri BaseAddress => new("http://localhost/");

    public string StoragePath { get; }

    public InProcessRuntime Runtime { get; }

    public IServiceProvider Services => _app.Services;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The config as faas_config.yaml text (<c>{{storage}}</c> is the storage directory), loaded as the gateway loads it.</summary>
    public static FaasConfig Config(string yaml, string storage) =>
        ConfigLoader.Parse(yaml.Replace("{{storage}}", storage, StringComparison.Ordinal), "test.yaml", storage,
            new Dictionary<string, string?> { ["FAAS_DISABLE_CONTAINER"] = "1" }, new CommandLine());

    /// <summary>Builds and starts it; start-up failures (a declared function that does not compile) propagate as the gateway reports them.</summary>
    /// <param name="yaml">The config.</param>
    /// <param name="services">Replaces services after the composition (for example a container-mode runtime and fake image functions).</param>
    public static async Task<InProcessGateway> StartAsync(string yaml, Action<IServiceCollection>? services = null)
    {
        var storage = Directory.CreateTempSubdirectory("faas-inproc-").FullName;
        var output = new StringBuilder();
        var runtime = new InProcessRuntime();
        var app = GatewayApp.Build(Config(yaml, storage), builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Logging.AddProvider(new CapturingLoggerProvider(output));
            builder.Services.RemoveAll<IFunctionRuntime>();
            builder.Services.RemoveAll<IImageFunctionRuntime>();
            builder.Services.AddSingleton<IFunctionRuntime>(runtime);
            services?.Invoke(builder.Services);
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            Directory.Delete(storage, recursive: true);
            throw;
        }

        return new InProcessGateway(app, output, storage, runtime);
    }

    public HttpClient Client(string? apiKey = null)
    {
        var client = _app.GetTestClient();
        client.Timeout = TimeSpan.FromSeconds(120);
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(StoragePath, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class CapturingLoggerProvider(StringBuilder output) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(output, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(StringBuilder output, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (output)
                {
                    output.Append(logLevel).Append(' ').Append(category).Append(": ").AppendLine(formatter(state, exception));
                }
            }
        }
    }
}
