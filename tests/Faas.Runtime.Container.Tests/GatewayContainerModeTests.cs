using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Faas.Runtime.Container.Docker;
using Faas.Runtime.Container.Tests.TestSupport;
using Faas.Tests.Common;

namespace Faas.Runtime.Container.Tests;

/// <summary>
/// Issue 4 end to end: the real gateway in container mode deploys and invokes functions in containers
/// built from its own runtime image, through HTTP on loopback.
/// </summary>
[NonParallelizable]
public sealed class GatewayContainerModeTests
{
    private const string Config = """
        system:
          default_mode: container
          function_storage_path: {{storage}}
          base_image: faas-runtime:e2e-test
          cold_start_timeout: 60
        auth:
          api_keys:
            - { key: test-key, scopes: [invoke, manage, admin] }
        """;

    private DockerClient _docker = null!;
    private GatewayProcess _gateway = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _docker = await DockerEngine.RequireAsync();
        _gateway = await GatewayProcess.StartAsync(Config);
        _client = _gateway.Client("test-key");
    }

    [OneTimeTearDown]
    public async Task OneTimeTearDown()
    {
        _client?.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        _docker?.Dispose();
    }

    private async Task DeployAsync(string name, string code, string memory = "128Mi")
    {
        using var response = await _client.PostAsJsonAsync("functions", new
        {
            name,
            code,
            config = new Dictionary<string, object> { ["execution_mode"] = "container", ["memory"] = memory, ["timeout"] = 30 },
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync() + "\n" + _gateway.Output);
    }

    [Test]
    public async Task Invoke_ContainerFunction_RunsLockedDownContainer()
    {
        await DeployAsync("hello-container", """object Handle(FaasRequest request) => new { message = "hello from a container" };""");

        var cold = Stopwatch.StartNew();
        using (var first = await _client.PostAsync("invoke/hello-container", null))
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), await first.Content.ReadAsStringAsync() + "\n" + _gateway.Output);
            Assert.That(await first.Content.ReadAsStringAsync(), Does.Contain("hello from a container"));
        }

        cold.Stop();
        var warm = new List<double>();
        for (var i = 0; i < 100; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await _client.PostAsync("invoke/hello-container", null);
            warm.Add(watch.Elapsed.TotalMilliseconds);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        warm.Sort();
        TestContext.Progress.WriteLine($"container mode via gateway: cold start (first invoke incl. runtime image check) {cold.ElapsedMilliseconds} ms, warm invoke median {warm[50]:F2} ms (100 calls)");

        // Specialized stem cells keep their creation labels, so the platform's own instance list names the container.
        var containers = await ContainerIdsAsync(_client, "hello-container");
        Assert.That(containers, Is.Not.Empty);
        var inspect = await _docker.InspectContainerAsync(containers[0], CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(inspect.HostConfig!.NetworkMode, Is.EqualTo("none"));
            Assert.That(inspect.HostConfig.ReadonlyRootfs, Is.True);
            Assert.That(inspect.HostConfig.Memory, Is.EqualTo(128L << 20));
            Assert.That(inspect.HostConfig.PidsLimit, Is.GreaterThan(0));
            Assert.That(inspect.HostConfig.CapDrop, Is.EqualTo(new[] { "ALL" }));
            Assert.That(inspect.Config!.User, Is.Not.Empty.And.Not.StartWith("0").And.Not.EqualTo("root"));
        });
    }

    [Test]
    public async Task Invoke_HandlerOpensTcpConnection_Fails()
    {
        var code = $$"""
            object Handle(FaasRequest request)
            {
                var interfaces = string.Join(",", System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces().Select(i => i.Name));
                try
                {
                    using var client = new System.Net.Sockets.TcpClient();
                    client.Connect("127.0.0.1", {{_gateway.Port}});
                    return "connected " + interfaces;
                }
                catch (System.Net.Sockets.SocketException ex)
                {
                    return "blocked " + ex.SocketErrorCode + " " + interfaces;
                }
            }
            """;
        await DeployAsync("tcp-container", code);

        using var response = await _client.PostAsync("invoke/tcp-container", null);
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        Assert.That(body, Does.StartWith("blocked").And.EndWith(" lo"), "the gateway's loopback port is unreachable and the only interface is lo");
    }

    [Test]
    public async Task Invoke_HandlerAllocatesPastMemoryLimit_502OutOfMemoryThenFreshContainer()
    {
        var code = """
            unsafe object Handle(FaasRequest request)
            {
                if (request.Query.TryGetValue("hog", out var _))
                {
                    while (true)
                    {
                        var block = (byte*)System.Runtime.InteropServices.NativeMemory.Alloc(8 << 20);
                        for (var i = 0; i < (8 << 20); i += 4096) block[i] = 1;
                    }
                }

                return "fine";
            }
            """;
        await DeployAsync("oom-container", code, memory: "96Mi");

        using (var hog = await _client.PostAsync("invoke/oom-container?hog=1", null))
        {
            var body = await hog.Content.ReadAsStringAsync();
            Assert.That(hog.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway), body);
            Assert.That(body, Does.Contain("out of memory"));
        }

        using var next = await _client.PostAsync("invoke/oom-container", null);
        Assert.That(next.StatusCode, Is.EqualTo(HttpStatusCode.OK), await next.Content.ReadAsStringAsync());
        Assert.That(await next.Content.ReadAsStringAsync(), Does.Contain("fine"));
    }

    [Test]
    public async Task Restart_AfterKilledPlatform_RemovesOrphanedContainers()
    {
        await using var platform = await GatewayProcess.StartAsync(Config);
        List<string> before;
        using (var client = platform.Client("test-key"))
        {
            using var deploy = await client.PostAsJsonAsync("functions", new
            {
                name = "orphan-container",
                code = "object Handle(FaasRequest request) => \"up\";",
                config = new Dictionary<string, object> { ["execution_mode"] = "container" },
            });
            Assert.That(deploy.StatusCode, Is.EqualTo(HttpStatusCode.Created), await deploy.Content.ReadAsStringAsync());
            using var invoke = await client.PostAsync("invoke/orphan-container", null);
            Assert.That(invoke.StatusCode, Is.EqualTo(HttpStatusCode.OK), await invoke.Content.ReadAsStringAsync());
            before = await ContainerIdsAsync(client, "orphan-container");
        }

        Assert.That(before, Is.Not.Empty, "a running container before the crash");

        await platform.KillAsync();
        var running = (await _docker.ListContainersAsync([], CancellationToken.None)).Select(c => c.ID).ToList();
        Assert.That(running, Is.SupersetOf(before), "SIGKILL leaves it behind");
        await platform.RestartAsync();

        var left = (await _docker.ListContainersAsync([], CancellationToken.None)).Select(c => c.ID).ToList();
        Assert.That(left, Has.None.AnyOf(before.ToArray()), "containers of the killed run are removed at start-up");
    }

    [TestCase("docker_endpoint: unix:///nonexistent/docker.sock", null)]
    [TestCase("", "FAAS_DISABLE_CONTAINER")]
    public async Task Deploy_NoEngineOrDisabled_503SayingHowToEnable(string extraSystem, string? disableVariable)
    {
        var config = Config.Replace("  cold_start_timeout: 60", "  cold_start_timeout: 60\n  " + extraSystem, StringComparison.Ordinal);
        var environment = disableVariable is null ? null : new Dictionary<string, string> { [disableVariable] = "1" };
        await using var platform = await GatewayProcess.StartAsync(config, environment);
        using var client = platform.Client("test-key");

        using var health = await client.GetAsync("health");
        using var deploy = await client.PostAsJsonAsync("functions", new
        {
            name = "degraded-container",
            code = "object Handle(FaasRequest request) => \"up\";",
            config = new Dictionary<string, object> { ["execution_mode"] = "container" },
        });
        var body = await deploy.Content.ReadAsStringAsync();

        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the platform starts without an engine");
        Assert.That(deploy.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), body + "\n" + platform.Output);
        Assert.That(body, Does.Contain("dockerd --bridge=none --iptables=false").And.Contain("FAAS_DISABLE_CONTAINER"));
    }

    /// <summary>The container ids the platform reports (GET /instances) for a function's instances.</summary>
    private static async Task<List<string>> ContainerIdsAsync(HttpClient client, string function)
    {
        var instances = JsonNode.Parse(await client.GetStringAsync("instances"))!["instances"]!.AsArray();
        return instances
            .Where(i => i!["function"]!.GetValue<string>() == function && i["container_id"] is not null)
            .Select(i => i!["container_id"]!.GetValue<string>())
            .ToList();
    }
}
