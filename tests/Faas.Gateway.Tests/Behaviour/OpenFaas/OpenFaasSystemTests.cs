using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Faas.Gateway.Tests.EndToEnd;
using Faas.Gateway.Tests.Hosting;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Storage;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Behaviour.OpenFaas;

/// <summary>
/// Issue 14, items 5, 7 and 8 and the error format, with the requests faas-cli sends (Basic auth as <c>admin</c>):
/// <c>/system/info</c> names the commit, a namespace the key may not reach (issue 17) is 404 as one that does not exist, <c>/system/logs?follow=true</c>
/// keeps streaming, and errors are plain text.
/// </summary>
[TestFixture]
public sealed class OpenFaasSystemTests : GatewayTestBase
{
    private const string Code = "object Handle(FaasRequest r) => \"ok\";";

    private readonly string _function = UniqueName("sys");
    private HttpClient _faasCli = null!;

    protected override bool InProcess => true;

    [OneTimeSetUp]
    public async Task SetUpAsync()
    {
        _faasCli = Gateway.Client();
        _faasCli.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + AdminKey)));
        await DeployOkAsync(_function, Code);
    }

    [OneTimeTearDown]
    public void DisposeClient() => _faasCli?.Dispose();

    [Test]
    public async Task SystemInfo_ReportsTheCommitItWasBuiltFrom()
    {
        var info = JsonNode.Parse(await _faasCli.GetStringAsync("system/info"))!;

        var sha = info["version"]!["sha"]!.GetValue<string>();
        Assert.That(info["provider"]!["version"]!["sha"]!.GetValue<string>(), Is.EqualTo(sha));
        Assert.That(info["version"]!["commit_message"]!.GetValue<string>(), Is.Not.Empty);
        if (Directory.Exists(Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", "..", ".git"))
            || File.Exists(Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", "..", ".git")))
        {
            Assert.That(sha, Does.Match("^[0-9a-f]{40}$"), "built from a git checkout: the commit's SHA");
            Assert.That(info["version"]!["commit_message"]!.GetValue<string>(), Is.Not.EqualTo("unknown").And.Not.Contain("%s"), "the commit's subject line");
        }
    }

    [TestCase("system/functions?namespace=other")]
    [TestCase("system/function/{0}?namespace=other")]
    [TestCase("system/function/{0}.other")]
    [TestCase("system/logs?name={0}&namespace=other")]
    [TestCase("system/logs?name={0}.other")]
    [TestCase("system/secrets?namespace=other")]
    public async Task Get_OtherNamespace_404NamespaceDoesNotExist(string path)
    {
        using var response = await _faasCli.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, _function));

        Assert.That(await AssertErrorAsync(response, 404), Does.Contain("namespace 'other' does not exist"));
    }

    [Test]
    public async Task Change_OtherNamespace_404AndNothingChanges()
    {
        using var delete = new HttpRequestMessage(HttpMethod.Delete, "system/functions") { Content = JsonContent.Create(new { functionName = _function, @namespace = "other" }) };
        using var deleted = await _faasCli.SendAsync(delete);
        using var scaled = await _faasCli.PostAsJsonAsync($"system/scale-function/{_function}?namespace=other", new { serviceName = _function, replicas = 3 });
        using var secret = await _faasCli.PostAsJsonAsync("system/secrets", new { name = "ns-secret", value = "v", @namespace = "other" });
        using var deploy = await _faasCli.PutAsJsonAsync("system/functions", new
        {
            service = _function, image = "x", @namespace = "other", annotations = new Dictionary<string, string> { ["com.faas.code"] = Code },
        });

        foreach (var response in new[] { deleted, scaled, secret, deploy })
        {
            Assert.That(await AssertErrorAsync(response, 404), Does.Contain("namespace 'other' does not exist"));
        }

        using var still = await _faasCli.GetAsync($"system/function/{_function}?namespace=openfaas-fn");
        Assert.That((int)still.StatusCode, Is.EqualTo(200), "the default namespace named explicitly is accepted");
        Assert.That(await _faasCli.GetStringAsync("system/secrets"), Does.Not.Contain("ns-secret"));
    }

    [Test]
    public async Task Errors_OnSystemRoutes_ArePlainTextFaasCliPrints()
    {
        using var missing = await _faasCli.GetAsync("system/function/no-such-function");
        using var badJson = await _faasCli.PostAsync("system/functions", new StringContent("{not json", Encoding.UTF8, "application/json"));
        using var compile = await _faasCli.PostAsJsonAsync("system/functions", new
        {
            service = UniqueName("broken"), image = "x", annotations = new Dictionary<string, string> { ["com.faas.code"] = "object Handle(FaasRequest r) => nope;" },
        });

        Assert.That(await AssertErrorAsync(missing, 404), Is.EqualTo("function 'no-such-function' does not exist"));
        Assert.That(await AssertErrorAsync(badJson, 400), Does.Contain("not valid JSON"));
        var diagnostics = await AssertErrorAsync(compile, 400);
        Assert.That(diagnostics, Does.Contain("does not compile").And.Contain("(1,").And.Contain("CS0103"));
    }

    [Test]
    public async Task Logs_Follow_StreamsNewLinesUntilTheClientLeaves()
    {
        var logs = ((InProcessGateway)Gateway).Services.GetRequiredService<IFunctionLogStore>();
        logs.Append(_function, "inst-1", LogStream.Stdout, "before-follow");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"system/logs?name={_function}&follow=true");
        using var response = await _faasCli.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/x-ndjson"));
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var first = JsonNode.Parse((await reader.ReadLineAsync(limit.Token))!)!;
        logs.Append(_function, "inst-1", LogStream.Stdout, "after-follow-1");
        var second = JsonNode.Parse((await reader.ReadLineAsync(limit.Token))!)!;
        logs.Append(_function, "inst-2", LogStream.Stderr, "after-follow-2");
        var third = JsonNode.Parse((await reader.ReadLineAsync(limit.Token))!)!;

        Assert.That(first["text"]!.GetValue<string>(), Is.EqualTo("before-follow"));
        Assert.That(second["text"]!.GetValue<string>(), Is.EqualTo("after-follow-1"));
        Assert.That(third["text"]!.GetValue<string>(), Is.EqualTo("after-follow-2"));
        Assert.That(third["instance"]!.GetValue<string>(), Is.EqualTo("inst-2"));
        Assert.That(third["namespace"]!.GetValue<string>(), Is.EqualTo("openfaas-fn"));
    }

    [Test]
    public async Task Logs_WithoutFollow_EndsAfterTheCapturedLines()
    {
        var logs = ((InProcessGateway)Gateway).Services.GetRequiredService<IFunctionLogStore>();
        var name = UniqueName("nofollow");
        await DeployOkAsync(name, Code);
        logs.Append(name, "inst-1", LogStream.Stdout, "only-line");

        var text = await _faasCli.GetStringAsync($"system/logs?name={name}.openfaas-fn&follow=false&tail=10");

        Assert.That(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!["text"]!.GetValue<string>()), Is.EqualTo(new[] { "only-line" }));
    }
}
