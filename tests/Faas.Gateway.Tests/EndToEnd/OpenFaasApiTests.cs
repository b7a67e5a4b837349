using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Faas.Tests.Common;

namespace Faas.Gateway.Tests.EndToEnd;

/// <summary>Issue 6 part 4: the OpenFaaS gateway API with the request shapes faas-cli sends (Basic auth, PUT then POST, ...).</summary>
[TestFixture]
public sealed class OpenFaasApiTests : GatewayTestBase
{
    private const string Code = """object Handle(FaasRequest request) => "hi " + request.Text() + " " + request.Path;""";

    private HttpClient _faasCli = null!;

    [OneTimeSetUp]
    public void CreateClient()
    {
        _faasCli = new HttpClient { BaseAddress = Gateway.BaseAddress };
        _faasCli.DefaultRequestHeaders.Authorization = Basic("admin", AdminKey);
    }

    [OneTimeTearDown]
    public void DisposeClient() => _faasCli?.Dispose();

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static object Deployment(string name, string code = Code) => new
    {
        service = name,
        image = "faas-csharp:latest",
        @namespace = "openfaas-fn",
        envVars = new Dictionary<string, string> { ["GREETING"] = "hello" },
        labels = new Dictionary<string, string> { ["team"] = "a" },
        annotations = new Dictionary<string, string> { ["com.faas.code"] = code, ["owner"] = "me" },
        limits = new { memory = "128Mi", cpu = "500m" },
    };

    /// <summary>What faas-cli deploy does: PUT, and POST when that answered 404.</summary>
    private async Task DeployLikeFaasCliAsync(object deployment)
    {
        using var put = await _faasCli.PutAsJsonAsync("system/functions", deployment);
        if (put.StatusCode == HttpStatusCode.NotFound)
        {
            using var post = await _faasCli.PostAsJsonAsync("system/functions", deployment);
            Assert.That((int)post.StatusCode, Is.EqualTo(202), await post.Content.ReadAsStringAsync());
            return;
        }

        Assert.That((int)put.StatusCode, Is.EqualTo(202), await put.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Healthz_WithoutAuth_Ok()
    {
        using var client = new HttpClient { BaseAddress = Gateway.BaseAddress };
        using var response = await client.GetAsync("healthz");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task SystemInfo_BasicAuth_DescribesProvider()
    {
        var info = JsonNode.Parse(await _faasCli.GetStringAsync("system/info"))!;

        Assert.That(info["provider"]!["provider"]!.GetValue<string>(), Is.EqualTo("faas"));
        Assert.That(info["provider"]!["orchestration"]!.GetValue<string>(), Is.EqualTo("faas"));
        Assert.That(info["version"]!["release"]!.GetValue<string>(), Is.Not.Empty);
        Assert.That(info["arch"]!.GetValue<string>(), Is.Not.Empty);
        Assert.That(await _faasCli.GetStringAsync("system/namespaces"), Is.EqualTo("""["openfaas-fn"]"""));
    }

    [Test]
    public async Task BasicAuth_WrongUserOrNonAdminKey_Unauthorized()
    {
        using var client = new HttpClient { BaseAddress = Gateway.BaseAddress };
        foreach (var header in new[] { Basic("root", AdminKey), Basic("admin", ManageKey), Basic("admin", "wrong-key-123") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "system/functions");
            request.Headers.Authorization = header;
            using var response = await client.SendAsync(request);
            await AssertErrorAsync(response, 401);
            Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.StartWith("Basic"));
        }
    }

    [Test]
    public async Task Deploy_PutThenPost_CreatesAndUpdatesCodeFunction()
    {
        var name = UniqueName("ofaas");
        using (var putMissing = await _faasCli.PutAsJsonAsync("system/functions", Deployment(name)))
        {
            await AssertErrorAsync(putMissing, 404);
        }

        await DeployLikeFaasCliAsync(Deployment(name));
        using (var postAgain = await _faasCli.PostAsJsonAsync("system/functions", Deployment(name)))
        {
            await AssertErrorAsync(postAgain, 409);
        }

        // faas-cli invoke: no auth header by default; here with the invoke key, on name.namespace.
        using var invoker = Gateway.Client(InvokeKey);
        using (var invoked = await invoker.PostAsync($"function/{name}.openfaas-fn/sub/path", new StringContent("there")))
        {
            Assert.That(await invoked.Content.ReadAsStringAsync(), Is.EqualTo("hi there /sub/path"));
        }

        using (var anonymous = await new HttpClient { BaseAddress = Gateway.BaseAddress }.PostAsync($"function/{name}", new StringContent("x")))
        {
            await AssertErrorAsync(anonymous, 401);
        }

        await DeployLikeFaasCliAsync(Deployment(name, """object Handle(FaasRequest request) => "v2";"""));
        using (var second = await invoker.PostAsync($"function/{name}", new StringContent("")))
        {
            Assert.That(await second.Content.ReadAsStringAsync(), Is.EqualTo("v2"));
        }

        var status = JsonNode.Parse(await _faasCli.GetStringAsync($"system/function/{name}"))!;
        Assert.That(status["name"]!.GetValue<string>(), Is.EqualTo(name));
        Assert.That(status["namespace"]!.GetValue<string>(), Is.EqualTo("openfaas-fn"));
        Assert.That(status["invocationCount"]!.GetValue<long>(), Is.EqualTo(2));
        Assert.That(status["labels"]!["team"]!.GetValue<string>(), Is.EqualTo("a"));
        Assert.That(status["annotations"]!["owner"]!.GetValue<string>(), Is.EqualTo("me"));
        Assert.That(status["annotations"]!["com.faas.code"], Is.Null);
        Assert.That(status["envVars"]!["GREETING"]!.GetValue<string>(), Is.EqualTo("hello"));
        Assert.That(status["limits"]!["memory"]!.GetValue<string>(), Is.EqualTo("128Mi"));
        Assert.That(status["replicas"]!.GetValue<long>(), Is.GreaterThanOrEqualTo(1));
        Assert.That(status["availableReplicas"], Is.Not.Null);

        var list = JsonNode.Parse(await _faasCli.GetStringAsync("system/functions"))!.AsArray();
        Assert.That(list.Select(f => f!["name"]!.GetValue<string>()), Does.Contain(name));

        using (var delete = new HttpRequestMessage(HttpMethod.Delete, "system/functions") { Content = JsonContent.Create(new { functionName = name }) })
        using (var deleted = await _faasCli.SendAsync(delete))
        {
            Assert.That((int)deleted.StatusCode, Is.EqualTo(202));
        }

        using var gone = await _faasCli.GetAsync($"system/function/{name}");
        await AssertErrorAsync(gone, 404);
    }

    [Test]
    public async Task Deploy_BadLimits_BadRequestAndUnreachableNamespace_NotFound()
    {
        var name = UniqueName("badlim");
        using var memory = await _faasCli.PostAsJsonAsync("system/functions", new
        {
            service = name, image = "x", annotations = new Dictionary<string, string> { ["com.faas.code"] = Code }, limits = new { memory = "lots" },
        });
        using var ns = await _faasCli.PostAsJsonAsync("system/functions", new
        {
            service = name, image = "x", @namespace = "other", annotations = new Dictionary<string, string> { ["com.faas.code"] = Code },
        });

        Assert.That(await AssertErrorAsync(memory, 400), Does.Contain("limits.memory"));
        Assert.That(await AssertErrorAsync(ns, 404), Does.Contain("namespace 'other' does not exist"));
    }

    [Test]
    public async Task Scale_Replicas_SetsRunningInstances()
    {
        var name = UniqueName("scaled");
        await DeployLikeFaasCliAsync(Deployment(name));

        using (var scaled = await _faasCli.PostAsJsonAsync($"system/scale-function/{name}", new { serviceName = name, replicas = 2 }))
        {
            Assert.That((int)scaled.StatusCode, Is.EqualTo(202), await scaled.Content.ReadAsStringAsync());
        }

        await Eventually.ThatAsync(async () => JsonNode.Parse(await _faasCli.GetStringAsync($"system/function/{name}"))!["availableReplicas"]?.GetValue<long>() == 2, "two replicas available");
        using (var down = await _faasCli.PostAsJsonAsync($"system/scale-function/{name}", new { serviceName = name, replicas = 0 }))
        {
            Assert.That((int)down.StatusCode, Is.EqualTo(202));
        }

        // Zero is left out, as Go's omitempty does.
        await Eventually.ThatAsync(async () => (JsonNode.Parse(await _faasCli.GetStringAsync($"system/function/{name}"))!["availableReplicas"]?.GetValue<long>() ?? 0) == 0, "no replica left after scaling to zero");
        using var missing = await _faasCli.PostAsJsonAsync("system/scale-function/nope-nope", new { serviceName = "nope-nope", replicas = 1 });
        await AssertErrorAsync(missing, 404);
    }

    [Test]
    public async Task Logs_AfterInvocation_NewlineDelimitedJson()
    {
        var name = UniqueName("logger");
        await DeployLikeFaasCliAsync(Deployment(name, """object Handle(FaasRequest request) { Console.WriteLine("log-line-" + request.Text()); return "ok"; }"""));
        using var invoker = Gateway.Client(InvokeKey);
        (await invoker.PostAsync($"function/{name}", new StringContent("42"))).Dispose();

        string text = "";
        await Eventually.ThatAsync(async () =>
        {
            text = await _faasCli.GetStringAsync($"system/logs?name={name}&tail=100&follow=false");
            return text.Contains("log-line-42", StringComparison.Ordinal);
        }, "the handler's log line in system/logs");
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).First(l => l["text"]!.GetValue<string>() == "log-line-42");
        Assert.That(line["name"]!.GetValue<string>(), Is.EqualTo(name));
        Assert.That(line["namespace"]!.GetValue<string>(), Is.EqualTo("openfaas-fn"));
        Assert.That(line["instance"]!.GetValue<string>(), Is.Not.Empty);
        Assert.That(line["timestamp"]!.GetValue<DateTimeOffset>(), Is.Not.EqualTo(default(DateTimeOffset)));
    }

    [Test]
    public async Task Secrets_FaasCliShapes_CreateListUpdateDeleteWithoutValues()
    {
        var name = UniqueName("ofsecret");
        const string value = "openfaas-secret-value-77aa";
        using (var created = await _faasCli.PostAsJsonAsync("system/secrets", new { name, value }))
        {
            Assert.That((int)created.StatusCode, Is.EqualTo(201), await created.Content.ReadAsStringAsync());
        }

        using (var again = await _faasCli.PostAsJsonAsync("system/secrets", new { name, value }))
        {
            await AssertErrorAsync(again, 409);
        }

        var list = await _faasCli.GetStringAsync("system/secrets");
        Assert.That(list, Does.Contain(name).And.Not.Contain(value));
        using (var updated = await _faasCli.PutAsJsonAsync("system/secrets", new { name, rawValue = Encoding.UTF8.GetBytes("raw-" + value) }))
        {
            Assert.That((int)updated.StatusCode, Is.EqualTo(202), await updated.Content.ReadAsStringAsync());
        }

        using (var delete = new HttpRequestMessage(HttpMethod.Delete, "system/secrets") { Content = JsonContent.Create(new { name }) })
        using (var deleted = await _faasCli.SendAsync(delete))
        {
            Assert.That((int)deleted.StatusCode, Is.EqualTo(202));
        }

        Assert.That(await _faasCli.GetStringAsync("system/secrets"), Does.Not.Contain(name));
        Assert.That(Gateway.Output, Does.Not.Contain(value));
    }
}

/// <summary><c>openfaas.public_invoke: true</c> opens <c>/function/*</c> as OpenFaaS does, and only that.</summary>
[TestFixture]
public sealed class OpenFaasPublicInvokeTests : GatewayTestBase
{
    protected override string ExtraYaml => "openfaas:\n  public_invoke: true";

    [Test]
    public async Task Invoke_WithoutAuth_AllowedOnFunctionRouteOnly()
    {
        var name = UniqueName("public");
        await DeployOkAsync(name, """object Handle(FaasRequest request) => "open";""");
        using var anonymous = new HttpClient { BaseAddress = Gateway.BaseAddress };

        using var open = await anonymous.GetAsync($"function/{name}.openfaas-fn");
        using var closed = await anonymous.GetAsync($"invoke/{name}");
        using var otherNamespace = await anonymous.GetAsync($"function/{name}.elsewhere");

        Assert.That(await open.Content.ReadAsStringAsync(), Is.EqualTo("open"));
        await AssertErrorAsync(closed, 401);
        await AssertErrorAsync(otherNamespace, 404);
    }
}
