using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Gateway.Tests.EndToEnd;

/// <summary>
/// The Docker engine goes away while the platform runs and comes back. The gateway talks to the real
/// engine through a <see cref="UnixSocketProxy"/> that the test stops and starts, so the machine's
/// dockerd (shared with other suites) keeps running. Waits are bounded; the proxy is restored in a finally.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DockerFaultTests
{
    private const string Key = "docker-fault-key";
    private const string StoragePlaceholder = "{{storage}}";

    [Test]
    public async Task Engine_GoesAwayAndComesBack_ProcessKeepsWorkingContainersFailFastThenRecover()
    {
        Requirements.RequireDocker();
        var directory = Path.Combine(Path.GetTempPath(), "faas-dockerproxy-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var proxy = new UnixSocketProxy(Path.Combine(directory, "docker.sock"), "/var/run/docker.sock");
        proxy.Start();
        GatewayProcess? gateway = null;
        string? platformLabel = null;
        try
        {
            gateway = await GatewayProcess.StartAsync($$"""
                system:
                  function_storage_path: {{StoragePlaceholder}}
                  process_isolation_level: {{(Requirements.IsRoot && File.Exists("/usr/bin/bwrap") ? "strict" : "none")}}
                  docker_endpoint: unix://{{proxy.Path}}
                  base_image: faas-runtime:reliability-test
                  cold_start_timeout: 60
                  stem_cells: { container: { min: 0, max: 0 } }
                auth:
                  api_keys:
                    - { key: {{Key}}, scopes: [invoke, manage, admin] }
                """);
            platformLabel = $"faas.platform={Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(gateway.StoragePath))))[..12]}";
            using var client = gateway.Client(Key);
            await DeployAsync(client, "proc-fn", "process");
            await DeployAsync(client, "box-before", "container");
            Assert.That(await InvokeUntilOkAsync(client, "box-before", attempts: 30), Is.True, "container mode never worked before the fault\n" + gateway.Output);

            proxy.Stop();
            using var process = await client.PostAsync("invoke/proc-fn", new StringContent(""));
            using var deployed = await client.PostAsJsonAsync("functions", Body("box-during", "container"));
            using var during = await client.PostAsync("invoke/box-during", new StringContent(""));
            using var health = await client.GetAsync("health");

            Assert.That(await process.Content.ReadAsStringAsync(), Is.EqualTo("proc-fn"), "process functions must keep working without Docker");
            Assert.That((int)deployed.StatusCode, Is.EqualTo(201).Or.EqualTo(503), await deployed.Content.ReadAsStringAsync());
            var duringText = await during.Content.ReadAsStringAsync();
            TestContext.Progress.WriteLine($"engine away: process {(int)process.StatusCode}, deploy {(int)deployed.StatusCode}, container call {(int)during.StatusCode} {duringText}");
            Assert.That((int)during.StatusCode, Is.AnyOf(404, 502, 503), duringText);
            Assert.That(JsonNode.Parse(duringText)?["error"]?["code"], Is.Not.Null, duringText);
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));

            proxy.Start();
            if (deployed.StatusCode != HttpStatusCode.Created)
            {
                await DeployAsync(client, "box-during", "container");
            }

            Assert.That(await InvokeUntilOkAsync(client, "box-during", attempts: 30), Is.True, "container functions did not recover after the engine came back\n" + gateway.Output);

            // A crash leaves the containers running; the next start removes them by the platform label.
            var leftBehind = await ContainersLabelledAsync(platformLabel);
            await gateway.KillAsync();
            var afterCrash = await ContainersLabelledAsync(platformLabel);
            await gateway.RestartAsync();
            var afterRestart = await ContainersLabelledAsync(platformLabel);
            Assert.That(leftBehind, Is.GreaterThan(0), "no container was running before the crash");
            // At least as many: a container the engine was creating when the gateway died may appear after the count.
            Assert.That(afterCrash, Is.GreaterThanOrEqualTo(leftBehind), "the crash itself removed containers: nothing was left to clean");
            Assert.That(afterRestart, Is.EqualTo(0), "the restart did not remove the containers the crash left behind");
        }
        finally
        {
            proxy.Start();
            if (gateway is not null)
            {
                await gateway.DisposeAsync();
            }

            proxy.Dispose();
            Directory.Delete(directory, recursive: true);
        }

        Assert.That(await ContainersLabelledAsync(platformLabel!), Is.EqualTo(0), "containers of the platform outlived its shutdown");
    }

    private static object Body(string name, string mode) => new
    {
        name,
        code = $"object Handle(FaasRequest r) => \"{name}\";",
        config = new { execution_mode = mode, memory = "128Mi", timeout = 30 },
    };

    private static async Task DeployAsync(HttpClient client, string name, string mode)
    {
        using var response = await client.PostAsJsonAsync("functions", Body(name, mode));
        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
    }

    /// <summary>Bounded: at most <paramref name="attempts"/> calls, two seconds apart after a failure.</summary>
    private static async Task<bool> InvokeUntilOkAsync(HttpClient client, string name, int attempts)
    {
        for (var i = 0; i < attempts; i++)
        {
            using var response = await client.PostAsync($"invoke/{name}", new StringContent(""));
            if (response.StatusCode == HttpStatusCode.OK && await response.Content.ReadAsStringAsync() == name)
            {
                return true;
            }

            TestContext.Progress.WriteLine($"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(2000);
        }

        return false;
    }

    private static async Task<int> ContainersLabelledAsync(string label)
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint("/var/run/docker.sock"), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var docker = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var filters = Uri.EscapeDataString($"{{\"label\":[\"{label}\"]}}");
        var list = JsonNode.Parse(await docker.GetStringAsync($"http://docker/containers/json?all=1&filters={filters}"))!.AsArray();
        return list.Count;
    }
}
