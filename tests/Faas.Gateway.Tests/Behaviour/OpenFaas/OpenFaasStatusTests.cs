using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Faas.Gateway.Tests.EndToEnd;
using Faas.Gateway.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Behaviour.OpenFaas;

/// <summary>
/// Issue 14, items 3 and 4: <c>GET /system/function/{name}</c> reports what the deployment asked for (nothing
/// invented) with the <c>faas_function</c> label, and an image function may ask for a few MiB of memory. Image
/// functions run on <see cref="FakeImageRuntime"/> here.
/// </summary>
[TestFixture]
public sealed class OpenFaasStatusTests : GatewayTestBase
{
    private const string Code = "object Handle(FaasRequest r) => \"ok\";";

    private readonly FakeImageRuntime _images = new();

    protected override bool InProcess => true;

    protected override void ConfigureInProcess(IServiceCollection services) => _images.AddTo(services);

    private async Task<JsonNode> StatusAsync(string name)
    {
        using var response = await Admin.GetAsync($"system/function/{name}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(200), text);
        return JsonNode.Parse(text)!;
    }

    private async Task DeployAsync(object deployment)
    {
        using var response = await Admin.PostAsJsonAsync("system/functions", deployment);
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
    }

    /// <summary>The bytes faas-cli 0.17 sends for <c>faas-cli deploy --image ... --name ...</c> (Go's encoding of faas-provider's FunctionDeployment: empty fields left out, labels and annotations as empty objects).</summary>
    [Test]
    public async Task Deploy_ExactFaasCliBody_PutThenPostThenDescribeShowsNothingInvented()
    {
        var name = UniqueName("cli");
        var body = $$$"""{"service":"{{{name}}}","image":"example.test/cli:1","namespace":"openfaas-fn","labels":{},"annotations":{}}""";

        using var put = await Admin.PutAsync("system/functions", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        using var post = await Admin.PostAsync("system/functions", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var status = await StatusAsync(name + "?namespace=openfaas-fn");

        Assert.That((int)put.StatusCode, Is.EqualTo(404), "faas-cli then POSTs");
        Assert.That((int)post.StatusCode, Is.EqualTo(202), await post.Content.ReadAsStringAsync());
        Assert.That(status.AsObject().Select(p => p.Key), Is.EquivalentTo(new[]
        {
            "name", "image", "namespace", "labels", "replicas", "availableReplicas", "createdAt",
        }).Or.EquivalentTo(new[] { "name", "image", "namespace", "labels", "replicas", "createdAt" }), "availableReplicas only once the replica started: " + status.ToJsonString());
        Assert.That(status["labels"]!.ToJsonString(), Is.EqualTo($$"""{"faas_function":"{{name}}"}"""));
    }

    [Test]
    public async Task Get_ImageDeployedWithNothing_ReportsNothingInvented()
    {
        var name = UniqueName("bare");
        await DeployAsync(new { service = name, image = "example.test/bare:1" });

        var status = await StatusAsync(name);

        Assert.That(status.AsObject().ContainsKey("limits"), Is.False, status.ToJsonString());
        Assert.That(status.AsObject().ContainsKey("requests"), Is.False, status.ToJsonString());
        Assert.That(status.AsObject().ContainsKey("envVars"), Is.False, status.ToJsonString());
        Assert.That(status.AsObject().ContainsKey("readOnlyRootFilesystem"), Is.False, "OpenFaaS's default is a writable root: " + status.ToJsonString());
        Assert.That(status["labels"]!["faas_function"]!.GetValue<string>(), Is.EqualTo(name));
        Assert.That(status["image"]!.GetValue<string>(), Is.EqualTo("example.test/bare:1"));
    }

    [Test]
    public async Task Get_ImageDeployedWithSettings_ReportsThemAsGiven()
    {
        var name = UniqueName("given");
        await DeployAsync(new
        {
            service = name,
            image = "example.test/given:1",
            envVars = new Dictionary<string, string> { ["MODE"] = "fast" },
            labels = new Dictionary<string, string> { ["team"] = "a" },
            limits = new { memory = "128Mi" },
            requests = new { cpu = "50m" },
            readOnlyRootFilesystem = true,
        });

        var status = await StatusAsync(name);

        Assert.That(status["limits"]!.ToJsonString(), Is.EqualTo("""{"memory":"128Mi"}"""));
        Assert.That(status["requests"]!.ToJsonString(), Is.EqualTo("""{"cpu":"50m"}"""));
        Assert.That(status["envVars"]!.ToJsonString(), Is.EqualTo("""{"MODE":"fast"}"""));
        Assert.That(status["readOnlyRootFilesystem"]!.GetValue<bool>(), Is.True);
        Assert.That(status["labels"]!["team"]!.GetValue<string>(), Is.EqualTo("a"));
        Assert.That(status["labels"]!["faas_function"]!.GetValue<string>(), Is.EqualTo(name));
    }

    [Test]
    public async Task Get_CSharpFunctionAskingForWritableRoot_StaysAndReportsReadOnly()
    {
        var name = UniqueName("csro");
        await DeployAsync(new
        {
            service = name, image = "faas-csharp:latest", readOnlyRootFilesystem = false,
            annotations = new Dictionary<string, string> { ["com.faas.code"] = Code },
        });

        var status = await StatusAsync(name);

        Assert.That(status["readOnlyRootFilesystem"]!.GetValue<bool>(), Is.True);
        Assert.That(status.AsObject().ContainsKey("limits"), Is.False, status.ToJsonString());
    }

    [Test]
    public async Task Deploy_ImageWithFiveMebibytes_AcceptedAndRunsWithTheEngineFloorOnly()
    {
        var name = UniqueName("tiny");
        await DeployAsync(new { service = name, image = "example.test/tiny:1", limits = new { memory = "5Mi" } });

        var status = await StatusAsync(name);
        using var invoked = await Admin.PostAsync($"function/{name}", new StringContent(""));

        Assert.That(status["limits"]!["memory"]!.GetValue<string>(), Is.EqualTo("5Mi"));
        Assert.That(await invoked.Content.ReadAsStringAsync(), Does.Contain($"memory={5L << 20};"), "the runtime gets what was asked; Docker's floor is applied by the container runtime");
    }

    [Test]
    public async Task Deploy_CSharpWithFiveMebibytes_400AtLeast32Mi()
    {
        using var response = await Admin.PostAsJsonAsync("system/functions", new
        {
            service = UniqueName("tinycs"), image = "x", limits = new { memory = "5Mi" },
            annotations = new Dictionary<string, string> { ["com.faas.code"] = Code },
        });

        Assert.That(await AssertErrorAsync(response, 400), Does.Contain("at least 32Mi"));
    }

    [Test]
    public async Task Get_RestFunction_ReportsItsEffectiveLimits()
    {
        var name = UniqueName("rest");
        await DeployOkAsync(name, Code, new { memory = "96Mi" });

        var status = await StatusAsync(name);

        Assert.That(status["limits"]!["memory"]!.GetValue<string>(), Is.EqualTo("96Mi"));
        Assert.That(status["readOnlyRootFilesystem"]!.GetValue<bool>(), Is.True);
    }
}
