using System.Diagnostics;
using System.Globalization;
using System.Text;
using Faas.Tests.Common;

namespace Faas.Runtime.Container.Tests.TestSupport;

/// <summary>
/// A container registry on a loopback port for one fixture: Debian's <c>docker-registry</c> (distribution 2.8) with
/// its storage in a temporary directory, optionally behind basic auth (an <c>htpasswd</c> file, bcrypt). Images get
/// there through the engine (<c>docker push</c>, with the CLI's configuration in the same temporary directory, so the
/// machine's own <c>~/.docker</c> is never touched); the engine treats 127.0.0.0/8 registries as plain HTTP ones.
/// </summary>
internal sealed class LocalRegistry : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _directory;
    private readonly StringBuilder _output;
    private readonly (string User, string Password)? _login;
    private readonly List<string> _pushed = [];

    private LocalRegistry(Process process, DirectoryInfo directory, StringBuilder output, int port, (string, string)? login)
    {
        _process = process;
        _directory = directory;
        _output = output;
        _login = login;
        Address = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary><c>127.0.0.1:port</c>: the registry part of image names.</summary>
    public string Address { get; }

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

    public static async Task<LocalRegistry> StartAsync(string? user = null, string? password = null)
    {
        Requirements.Require(File.Exists("/usr/bin/docker-registry"), "needs /usr/bin/docker-registry: run scripts/setup.sh (apt-get install docker-registry)");
        Requirements.Require(File.Exists("/usr/bin/docker"), "needs the Docker CLI (/usr/bin/docker, package docker.io) to push test images");
        var directory = Directory.CreateTempSubdirectory("faas-registry-");
        var port = GatewayProcess.FreePort();
        var auth = "";
        if (user is not null && password is not null)
        {
            Requirements.Require(File.Exists("/usr/bin/htpasswd"), "needs /usr/bin/htpasswd: run scripts/setup.sh (apt-get install apache2-utils)");
            var (code, hash) = await RunAsync("/usr/bin/htpasswd", ["-B", "-i", "-n", user], stdin: password);
            if (code != 0)
            {
                throw new InvalidOperationException("htpasswd failed: " + hash);
            }

            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "htpasswd"), hash.Trim() + "\n");
            auth = $"""
                auth:
                  htpasswd:
                    realm: faas-test
                    path: {directory.FullName}/htpasswd
                """;
        }

        var config = Path.Combine(directory.FullName, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {directory.FullName}/data
            http:
              addr: 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}
              secret: faas-test-registry
            {auth}
            """);
        var output = new StringBuilder();
        var process = new Process
        {
            StartInfo = new ProcessStartInfo("/usr/bin/docker-registry", ["serve", config])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var registry = new LocalRegistry(process, directory, output, port, user is null ? null : (user, password!));
        try
        {
            await registry.WaitUntilServingAsync();
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }

        return registry;
    }

    /// <summary>Tags <paramref name="localImage"/> as <c>{Address}/{name}</c>, pushes it through the engine and removes the tag from the engine again.</summary>
    public async Task<string> PushAsync(string localImage, string name)
    {
        var reference = Address + "/" + name;
        var cli = Path.Combine(_directory.FullName, "docker-cli");
        await DockerAsync(["tag", localImage, reference]);
        if (_login is { } login)
        {
            await DockerAsync(["--config", cli, "login", "--username", login.User, "--password-stdin", Address], login.Password);
        }

        await DockerAsync(["--config", cli, "push", reference]);
        await RemoveFromEngineAsync(reference);
        _pushed.Add(reference);
        return reference;
    }

    /// <summary><c>docker rmi --force</c>: the engine forgets the reference (a running container keeps its image).</summary>
    public static Task RemoveFromEngineAsync(string reference) => DockerAsync(["rmi", "--force", reference]);

    public async ValueTask DisposeAsync()
    {
        foreach (var reference in _pushed)
        {
            try
            {
                // What the tests pulled back into the engine goes with the registry.
                await RemoveFromEngineAsync(reference);
            }
            catch (InvalidOperationException)
            {
                // Not in the engine (any more).
            }
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            }
        }
        finally
        {
            _process.Dispose();
            try
            {
                _directory.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private async Task WaitUntilServingAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("docker-registry exited: " + Output);
            }

            try
            {
                using var response = await client.GetAsync($"http://{Address}/v2/");
                if ((int)response.StatusCode is 200 or 401)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // No answer within 5 s: ask again.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("docker-registry did not answer within 60 s: " + Output);
            }

            await Task.Delay(100);
        }
    }

    private static async Task DockerAsync(IReadOnlyList<string> arguments, string? stdin = null)
    {
        var (code, output) = await RunAsync("/usr/bin/docker", arguments, stdin);
        if (code != 0)
        {
            throw new InvalidOperationException($"docker {string.Join(' ', arguments.Where(a => !a.Contains("password", StringComparison.Ordinal)))} failed ({code}): {output}");
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, IReadOnlyList<string> arguments, string? stdin = null)
    {
        using var process = new Process
        {
            StartInfo = new ProcessStartInfo(file, arguments)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        process.StartInfo.Environment.Remove("DOCKER_HOST");
        process.Start();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(300));
        return (process.ExitCode, await stdout + await stderr);
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
