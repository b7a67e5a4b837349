using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Faas.Tests.Common;

/// <summary>
/// HAProxy with the repository's <c>deploy/haproxy.cfg</c>, changed only where it must be for a test: its own loopback
/// port and one server line per test node. Runs in the foreground as a child process; stopped by <see cref="DisposeAsync"/>.
/// </summary>
public sealed class HaproxyServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _output = new();

    private HaproxyServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

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

    public static void Require() =>
        Requirements.Require(File.Exists("/usr/sbin/haproxy"), "needs HAProxy: apt-get install haproxy (scripts/setup.sh does)");

    /// <summary>
    /// The shipped config with <c>bind 127.0.0.1:&lt;free port&gt;</c> and, in each backend, a server per port in
    /// <paramref name="backends"/> in place of the shipped ones (each written as the backend's first server is).
    /// </summary>
    public static string Config(int port, IReadOnlyList<int> backends)
    {
        var lines = new List<string>();
        var inServers = false;
        foreach (var line in File.ReadAllLines(Path.Combine(GatewayProcess.RepositoryRoot(), "deploy", "haproxy.cfg")))
        {
            var words = line.Trim().Split(' ', 4, StringSplitOptions.RemoveEmptyEntries);
            if (words is ["server", var name, _, ..] && name.StartsWith("node-", StringComparison.Ordinal))
            {
                if (!inServers)
                {
                    var options = words.Length > 3 ? " " + words[3].Replace(name, "{0}", StringComparison.Ordinal) : "";
                    lines.AddRange(backends.Select((p, i) =>
                        $"    server node-{i + 1} 127.0.0.1:{p}" + string.Format(System.Globalization.CultureInfo.InvariantCulture, options, $"node-{i + 1}")));
                }

                inServers = true;
                continue;
            }

            inServers = false;
            lines.Add(line.Trim() == "bind 127.0.0.1:8000" ? $"    bind 127.0.0.1:{port}" : line);
        }

        return string.Join('\n', lines) + "\n";
    }

    public static async Task<HaproxyServer> StartAsync(IReadOnlyList<int> backends)
    {
        Require();
        var directory = Path.Combine(Path.GetTempPath(), "faas-haproxy-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(directory);
        var port = GatewayProcess.FreePort();
        var config = Path.Combine(directory, "haproxy.cfg");
        await File.WriteAllTextAsync(config, Config(port, backends));
        var start = new ProcessStartInfo("/usr/sbin/haproxy") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-db", "-f", config })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start haproxy");
        var server = new HaproxyServer(process, directory, port);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"haproxy exited with {process.ExitCode}:\n{server.Output}");
            }

            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(System.Net.IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    public HttpClient Client(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
