using System.Net;
using System.Net.Http.Json;
using NUnit.Framework;

namespace Faas.Gateway.Tests.EndToEnd;

[TestFixture]
public sealed class RestartTests : GatewayTestBase
{
    [Test]
    public async Task Restart_KeepsRegistry_FunctionsVersionsAndConfigSurvive()
    {
        var name = UniqueName("persist");
        await DeployOkAsync(name, "object Handle(FaasRequest r) => \"v1\";");
        using (var update = await Admin.PutAsJsonAsync($"functions/{name}", new { code = "object Handle(FaasRequest r) => \"v2\";", config = new { memory = "128Mi" } }))
        {
            Assert.That(update.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var exitCode = await Child.StopAsync();
        await Child.RestartAsync();
        using var client = Gateway.Client(AdminKey);
        var view = await JsonAsync(await client.GetAsync($"functions/{name}"));
        using var invoke = await client.PostAsync($"invoke/{name}", new StringContent(""));

        Assert.That(exitCode, Is.EqualTo(0), "graceful shutdown should exit 0");
        Assert.That(view["version"]!.GetValue<long>(), Is.EqualTo(2));
        Assert.That(view["config"]!["memory"]!.GetValue<string>(), Is.EqualTo("128Mi"));
        Assert.That(await invoke.Content.ReadAsStringAsync(), Is.EqualTo("v2"));
    }

    [Test]
    public async Task Stop_Gateway_LeavesNoHostProcessBehind()
    {
        var name = UniqueName("cleanup");
        await DeployOkAsync(name, "object Handle(FaasRequest r) => Environment.ProcessId;");
        (await InvokeAsync(name)).Dispose();
        var pid = (await JsonAsync(await Admin.GetAsync("instances")))["instances"]!.AsArray()
            .Single(i => i!["function"]!.GetValue<string>() == name)!["pid"]!.GetValue<int>();

        await Child.StopAsync();
        var alive = Directory.Exists($"/proc/{pid}");
        await Child.RestartAsync();

        Assert.That(alive, Is.False, $"host process {pid} outlived the gateway");
    }
}
