using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Faas.Tests.Common;

/// <summary>
/// Runs the real gateway (the built <c>Faas.Gateway.dll</c> with its <c>host/</c> folder) as a child
/// process on a free loopback port, with a config written for the test. <c>{{storage}}</c> in the
/// YAML is replaced by the instance's storage directory, so a restart can keep the registry.
/// </summary>
public sealed class GatewayProcess : ITestGateway
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    private readonly int? _fixedPort;

    private GatewayProcess(string configPath, string storagePath, IReadOnlyDictionary<string, string> environment, int? fixedPort = null)
    {
        _fixedPort = fixedPort;
        ConfigPath = configPath;
        StoragePath = storagePath;
        Environment = environment;
    }

    public string ConfigPath { get; }

    public string StoragePath { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public int Port { get; private set; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public int? Pid => _process?.Id;

    /// <summary>Everything the gateway printed so far.</summary>
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

    public static string GatewayDirectory()
    {
        var configuration = AppContext.BaseDirectory.Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var directory = Path.Combine(RepositoryRoot(), "src", "Faas.Gateway", "bin", configuration, "net10.0");
        if (!File.Exists(Path.Combine(directory, "Faas.Gateway.dll")))
        {
            throw new FileNotFoundException($"the gateway is not built at {directory}; build Faas.sln first");
        }

        return directory;
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Faas.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("cannot find the repository root (Faas.sln)");
    }

    /// <summary>Starts a gateway; with <paramref name="port"/> it listens there (also after restarts: a load balancer's backend), else on a free port each time.</summary>
    public static async Task<GatewayProcess> StartAsync(
        string configYaml, IReadOnlyDictionary<string, string>? environment = null, string? storagePath = null, int? port = null)
    {
        storagePath ??= Path.Combine(Path.GetTempPath(), "faas-test-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(storagePath);
        var configPath = Path.Combine(storagePath, "faas_config.yaml");
        await File.WriteAllTextAsync(configPath, configYaml.Replace("{{storage}}", storagePath, StringComparison.Ordinal));
        var gateway = new GatewayProcess(configPath, storagePath, environment ?? new Dictionary<string, string>(), port);
        await gateway.LaunchAsync();
        return gateway;
    }

    /// <summary>An HTTP client for the gateway, with <c>Authorization: Bearer {key}</c> when a key is given.</summary>
    public HttpClient Client(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    /// <summary>Starts the gateway again on a new port, with the same config and storage.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await LaunchAsync();
    }

    /// <summary>SIGTERM, then wait for a graceful exit (SIGKILL after <paramref name="wait"/>).</summary>
    public async Task<int?> StopAsync(TimeSpan? wait = null)
    {
        if (_process is not { HasExited: false } process)
        {
            return _process?.ExitCode;
        }

        Signal(process.Id, 15);
        using var timeout = new CancellationTokenSource(wait ?? TimeSpan.FromSeconds(45));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        return process.ExitCode;
    }

    /// <summary>SIGKILL the gateway only (its children are left as a crash would leave them).</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            Signal(process.Id, 9);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        try
        {
            Directory.Delete(StoragePath, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public static int FreePort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    private async Task LaunchAsync()
    {
        Port = _fixedPort ?? FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = StoragePath,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(GatewayDirectory(), "Faas.Gateway.dll"), "--config", ConfigPath, "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("FAAS_CONFIG_FILE");
        start.Environment.Remove("FAAS_API_PORT");
        foreach (var (key, value) in Environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the gateway");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the gateway exited with {process.ExitCode} during start-up:\n{Output}");
            }

            try
            {
                if ((await client.GetAsync("health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"the gateway did not answer /health within 90 s:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static void Signal(int pid, int signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        kill?.WaitForExit();
    }
}
