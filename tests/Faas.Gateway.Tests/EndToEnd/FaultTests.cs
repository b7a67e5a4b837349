using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Gateway.Tests.EndToEnd;

/// <summary>
/// Fault injection: kill -9 an instance's host, SIGKILL the gateway in the middle of deploys and calls,
/// SIGTERM it with a call in flight. Each test that kills the gateway runs its own.
/// </summary>
[TestFixture]
public sealed class FaultTests : GatewayTestBase
{
    private static readonly Dictionary<string, string> s_noContainers = new() { ["FAAS_DISABLE_CONTAINER"] = "1" };

    [Test]
    public async Task Invoke_HostKilledWithSigkillMidCall_Returns502AndNextCallSucceeds()
    {
        var name = UniqueName("kill9");
        await DeployOkAsync(name, """
            async Task<object> Handle(FaasRequest r) { await Task.Delay(r.Query.ContainsKey("slow") ? 30000 : 0); return "alive"; }
            """, new { max_instances = 1, concurrency = 1, timeout = 60 });
        (await InvokeAsync(name)).Dispose();
        await WaitUntilIdleAsync(name);

        var slow = Admin.PostAsync($"invoke/{name}?slow=1", new StringContent(""));
        await WaitUntilBusyAsync(name);
        var pid = (await JsonAsync(await Admin.GetAsync("instances")))["instances"]!.AsArray()
            .Single(i => i!["function"]!.GetValue<string>() == name)!["pid"]!.GetValue<int>();
        Signal(pid, 9);
        using var killed = await slow;
        using var next = await InvokeAsync(name);

        await AssertErrorAsync(killed, 502, "instance_failed");
        Assert.That(next.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await next.Content.ReadAsStringAsync(), Is.EqualTo("alive"));
    }

    [Test]
    public async Task Gateway_SigkilledDuringDeploysAndCalls_RestartIsConsistentAndCleansUp()
    {
        await using var gateway = await GatewayProcess.StartAsync(Yaml("  shutdown_timeout: 5", ""), s_noContainers);
        var random = new Random(20261122);
        var acknowledged = new HashSet<string>();
        for (var round = 0; round < 4; round++)
        {
            using var client = gateway.Client(AdminKey);
            var known = await ListAsync(client);
            var calls = known.Select(f => Quietly(() => client.PostAsync($"invoke/{f}", new StringContent("")))).ToList();
            var deploys = Enumerable.Range(0, 4).Select(i => $"crash-{round}-{i}").Select(async name =>
            {
                using var response = await client.PostAsJsonAsync("functions", new { name, code = $"object Handle(FaasRequest r) => \"{name}\";" });
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    lock (acknowledged)
                    {
                        acknowledged.Add(name);
                    }
                }
            }).Select(Quietly).ToList();

            await Task.Delay(random.Next(100, 2500));
            var socketDirectories = PlatformLeftovers.SocketDirectories(gateway.StoragePath);
            var processes = PlatformLeftovers.Processes(gateway.StoragePath, except: gateway.Pid);
            await gateway.KillAsync();
            await Task.WhenAll(calls.Concat(deploys));
            await gateway.RestartAsync();
            TestContext.Progress.WriteLine($"round {round}: killed with {socketDirectories.Count} instance(s), {processes.Count} host process(es); {acknowledged.Count} deploys acknowledged so far");

            using var after = gateway.Client(AdminKey);
            var listed = await ListAsync(after);
            Assert.That(listed, Is.SupersetOf(acknowledged), $"round {round}: a deploy answered 201 was lost");
            foreach (var name in listed)
            {
                var view = await JsonAsync(await after.GetAsync($"functions/{name}"));
                var artifact = Path.Combine(gateway.StoragePath, "artifacts", view["artifact_hash"]!.GetValue<string>() + ".dll");
                using var call = await after.PostAsync($"invoke/{name}", new StringContent(""));
                Assert.That(File.Exists(artifact), Is.True, $"round {round}: {name} is listed but its artifact is missing");
                Assert.That(await call.Content.ReadAsStringAsync(), Is.EqualTo(name), $"round {round}: {name} is listed but does not run");
            }

            var stillRunning = await PlatformLeftovers.WaitGoneAsync(processes);
            Assert.That(stillRunning, Is.Empty, $"round {round}: host processes outlived the crash and the restart");
            Assert.That(PlatformLeftovers.Cgroups(gateway.StoragePath, socketDirectories), Is.Empty, $"round {round}: instance cgroups left behind");
            var reused = PlatformLeftovers.SocketDirectories(gateway.StoragePath).Intersect(socketDirectories).ToList();
            Assert.That(reused, Is.Empty, $"round {round}: socket directories of the crashed run were not removed");
        }
    }

    [Test]
    public async Task Gateway_Sigterm_DrainsTheCallInFlightThenStopsEveryInstance()
    {
        await using var gateway = await GatewayProcess.StartAsync(Yaml("  shutdown_timeout: 30", ""), s_noContainers);
        using var client = gateway.Client(AdminKey);
        var name = UniqueName("drain");
        using (var deployed = await client.PostAsJsonAsync("functions", new
        {
            name,
            code = "async Task<object> Handle(FaasRequest r) { await Task.Delay(r.Query.ContainsKey(\"slow\") ? 4000 : 0); return \"drained\"; }",
            config = new { max_instances = 1, concurrency = 1, timeout = 60 },
        }))
        {
            Assert.That(deployed.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        (await client.PostAsync($"invoke/{name}", new StringContent(""))).Dispose();
        await WaitUntilIdleAsync(name, client);
        var slow = client.PostAsync($"invoke/{name}?slow=1", new StringContent(""));
        await WaitUntilBusyAsync(name, client);
        var socketDirectories = PlatformLeftovers.SocketDirectories(gateway.StoragePath);
        var processes = PlatformLeftovers.Processes(gateway.StoragePath, except: gateway.Pid);

        var exitCode = await gateway.StopAsync(TimeSpan.FromSeconds(90));
        using var inFlight = await slow;

        Assert.That(exitCode, Is.EqualTo(0), gateway.Output);
        Assert.That(inFlight.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await inFlight.Content.ReadAsStringAsync(), Is.EqualTo("drained"));
        Assert.That(processes, Is.Not.Empty, "no host process was seen before the SIGTERM");
        Assert.That(await PlatformLeftovers.WaitGoneAsync(processes, seconds: 5), Is.Empty, "host processes outlived a graceful shutdown");
        Assert.That(PlatformLeftovers.Processes(gateway.StoragePath), Is.Empty, "processes of the platform outlived a graceful shutdown");
        Assert.That(socketDirectories, Is.Not.Empty, "no instance socket directory was seen before the SIGTERM");
        Assert.That(PlatformLeftovers.Cgroups(gateway.StoragePath, socketDirectories), Is.Empty, "instance cgroups outlived a graceful shutdown");
        Assert.That(PlatformLeftovers.CgroupParents(gateway.StoragePath), Is.Empty, "the platform's parent cgroups outlived a graceful shutdown");
        Assert.That(PlatformLeftovers.SocketDirectories(gateway.StoragePath), Is.Empty, "socket directories outlived a graceful shutdown");
    }

    [Test]
    public async Task Restart_OfAnotherPlatformOnTheMachine_LeavesThisPlatformsInstancesAlone()
    {
        var name = UniqueName("neighbour");
        await DeployOkAsync(name, "object Handle(FaasRequest r) => Environment.ProcessId;");
        (await InvokeAsync(name)).Dispose();
        var before = await InstancePidsAsync(name);

        await using (var other = await GatewayProcess.StartAsync(Yaml("", ""), s_noContainers))
        {
            await other.KillAsync();
            await other.RestartAsync();
        }

        using var after = await InvokeAsync(name);
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK), await after.Content.ReadAsStringAsync());
        Assert.That(await InstancePidsAsync(name), Is.EqualTo(before), "another platform's start-up cleanup killed this platform's instance");
    }

    private async Task<List<int>> InstancePidsAsync(string name) =>
        (await JsonAsync(await Admin.GetAsync("instances")))["instances"]!.AsArray()
            .Where(i => i!["function"]!.GetValue<string>() == name).Select(i => i!["pid"]!.GetValue<int>()).Order().ToList();

    private static async Task<List<string>> ListAsync(HttpClient client) =>
        (await JsonAsync(await client.GetAsync("functions")))["functions"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).ToList();

    /// <summary>Runs a call whose connection the crash may cut; its outcome is not the point.</summary>
    private static async Task Quietly(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
        }
    }

    private static Task Quietly(Task call) => Quietly(() => call);

    private static Task Quietly(Func<Task<HttpResponseMessage>> call) => Quietly(async () => (await call()).Dispose());

    private static void Signal(int pid, int signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        kill?.WaitForExit();
    }
}
