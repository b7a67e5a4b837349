using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Faas.Orchestrator.Runtime;

namespace Faas.Benchmarks.Infrastructure;

/// <summary>
/// The container baselines: the runtime image running the host, started (1) with <c>docker run --rm</c>
/// and (2) through the Engine API (create + start, <c>NetworkDisabled</c>); both ready once the host
/// has connected to the bind-mounted socket and answered a Ping.
/// </summary>
internal sealed class DockerBaselines : IDisposable
{
    private const string HostCommand = "/faas/host/Faas.Host.dll";
    private readonly HttpClient _engine;

    public DockerBaselines()
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint("/var/run/docker.sock"), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        _engine = new HttpClient(handler) { BaseAddress = new Uri("http://docker/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public static IReadOnlyList<string> CliArguments(string socketDirectory) =>
    [
        "run", "--rm", "--network", "none", "--user", "65534:65534",
        "-v", $"{socketDirectory}:{InstanceSpec.SandboxSocketDirectory}",
        BenchEnvironment.Image, "dotnet", HostCommand, "--connect", InstanceSpec.SandboxSocketPath,
    ];

    /// <summary><c>docker run --rm</c>: returns the CLI process once the host in it answered a Ping.</summary>
    public static async Task<(Process Cli, PingClient Client)> RunCliAsync(SocketListener listener)
    {
        var start = new ProcessStartInfo("docker") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in CliArguments(listener.Directory))
        {
            start.ArgumentList.Add(argument);
        }

        var cli = Process.Start(start) ?? throw new InvalidOperationException("cannot run docker");
        var accept = listener.AcceptAsync(CancellationToken.None);
        if (await Task.WhenAny(accept, cli.WaitForExitAsync()).ConfigureAwait(false) != accept)
        {
            throw new InvalidOperationException($"docker run exited with {cli.ExitCode}: {await cli.StandardError.ReadToEndAsync().ConfigureAwait(false)}");
        }

        var client = new PingClient(await accept.ConfigureAwait(false));
        await client.PingAsync().ConfigureAwait(false);
        return (cli, client);
    }

    /// <summary>Engine API create + start; returns the container id once the host in it answered a Ping.</summary>
    public async Task<(string Id, PingClient Client)> StartThroughApiAsync(SocketListener listener)
    {
        var request = new JsonObject
        {
            ["Image"] = BenchEnvironment.Image,
            ["Cmd"] = new JsonArray("dotnet", HostCommand, "--connect", InstanceSpec.SandboxSocketPath),
            ["User"] = "65534:65534",
            ["NetworkDisabled"] = true,
            ["Labels"] = new JsonObject { ["faas.bench"] = "1" },
            ["HostConfig"] = new JsonObject
            {
                ["NetworkMode"] = "none",
                ["Binds"] = new JsonArray($"{listener.Directory}:{InstanceSpec.SandboxSocketDirectory}"),
            },
        };
        using var created = await _engine.PostAsJsonAsync("containers/create", request).ConfigureAwait(false);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>().ConfigureAwait(false))!["Id"]!.GetValue<string>();
        using var started = await _engine.PostAsync($"containers/{id}/start", null).ConfigureAwait(false);
        started.EnsureSuccessStatusCode();
        var client = new PingClient(await listener.AcceptAsync(CancellationToken.None).ConfigureAwait(false));
        await client.PingAsync().ConfigureAwait(false);
        return (id, client);
    }

    public async Task RemoveAsync(string id)
    {
        using var _ = await _engine.DeleteAsync($"containers/{id}?force=true").ConfigureAwait(false);
    }

    public async Task<bool> ImageExistsAsync()
    {
        using var response = await _engine.GetAsync($"images/{BenchEnvironment.Image}/json").ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }

    public void Dispose() => _engine.Dispose();
}
