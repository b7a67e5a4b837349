using System.Net;
using System.Text.Json.Nodes;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Gateway.Tests.EndToEnd;

[TestFixture]
public sealed class AsyncInvocationTests : GatewayTestBase
{
    /// <summary>The one callback target this fixture's config allows (loopback is not allowed by default).</summary>
    private static readonly int s_callbackPort = GatewayProcess.FreePort();

    protected override string ExtraYaml => $$"""
        async:
          workers: 4
          max_attempts: 3
          retry_backoff: 200ms
          callback_allow_hosts: ["127.0.0.1:{{s_callbackPort}}"]
        """;

    private Task<HttpResponseMessage> SubmitAsync(string name, string body = "", string path = "", string? callback = null, HttpClient? client = null) =>
        AsyncCalls.SubmitAsync(client ?? Admin, name, body, path, callback);

    private static Task<string> AcceptedIdAsync(HttpResponseMessage response) => AsyncCalls.AcceptedIdAsync(response);

    private static Task<JsonNode> WaitFinalAsync(HttpClient client, string id) => AsyncCalls.WaitFinalAsync(client, id);

    [Test]
    public async Task Invoke_AsyncHeader_Returns202AndExecutionSucceedsWithTheHandlersResult()
    {
        var name = UniqueName("async-echo");
        await DeployOkAsync(name, "object Handle(FaasRequest r) => $\"{r.Method} {r.Path} {r.Text()} {r.Header(\"X-Faas-Async\") ?? \"no-async-header\"} {r.Header(\"Authorization\") ?? \"no-auth\"} {r.Header(\"X-Faas-Execution-Id\")}\";");

        var id = await AcceptedIdAsync(await SubmitAsync(name, "payload", "/sub/path"));
        var execution = await WaitFinalAsync(Admin, id);

        Assert.That(id, Does.Match("^[0-9a-f]{32}$"));
        Assert.That(execution["execution_id"]!.GetValue<string>(), Is.EqualTo(id));
        Assert.That(execution["function"]!.GetValue<string>(), Is.EqualTo(name));
        Assert.That(execution["status"]!.GetValue<string>(), Is.EqualTo("succeeded"), execution.ToJsonString());
        Assert.That(execution["attempts"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(execution["created_at"], Is.Not.Null);
        Assert.That(execution["started_at"], Is.Not.Null);
        Assert.That(execution["finished_at"], Is.Not.Null);
        Assert.That(execution["result"]!["status_code"]!.GetValue<int>(), Is.EqualTo(200));
        Assert.That(execution["result"]!["body"]!.GetValue<string>(), Is.EqualTo($"POST /sub/path payload no-async-header no-auth {id}"));
    }

    [Test]
    public async Task AsyncFunction_OpenFaasRoute_Returns202AndExecutionSucceeds()
    {
        var name = UniqueName("async-of");
        await DeployOkAsync(name, "object Handle(FaasRequest r) => new { got = r.Text() };");

        // OpenFaaS's answer: 202, an empty body and X-Call-Id; Location names the execution.
        using var accepted = await Admin.PostAsync($"async-function/{name}", new StringContent("x"));
        Assert.That((int)accepted.StatusCode, Is.EqualTo(202));
        Assert.That(await accepted.Content.ReadAsStringAsync(), Is.Empty);
        Assert.That(accepted.Headers.Contains("X-Call-Id"), Is.True);
        var execution = await WaitFinalAsync(Admin, accepted.Headers.Location!.ToString()["/executions/".Length..]);

        Assert.That(execution["status"]!.GetValue<string>(), Is.EqualTo("succeeded"), execution.ToJsonString());
        Assert.That(JsonNode.Parse(execution["result"]!["body"]!.GetValue<string>())!["got"]!.GetValue<string>(), Is.EqualTo("x"));
    }

    [Test]
    public async Task Invoke_AsyncHandlerThrows_ExecutionFailedWithTheMessage()
    {
        var name = UniqueName("async-throw");
        await DeployOkAsync(name, "object Handle(FaasRequest r) => throw new InvalidOperationException(\"async went wrong\");");

        var id = await AcceptedIdAsync(await SubmitAsync(name));
        var execution = await WaitFinalAsync(Admin, id);

        Assert.That(execution["status"]!.GetValue<string>(), Is.EqualTo("failed"), execution.ToJsonString());
        Assert.That(execution["attempts"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(execution["result"]!["error"]!.GetValue<string>(), Does.Contain("async went wrong"));
    }

    [Test]
    public async Task Executions_UnknownIdOrFunction_Return404()
    {
        using var unknownId = await Admin.GetAsync($"executions/{Guid.NewGuid():N}");
        using var unknownFunction = await SubmitAsync(UniqueName("nothing"));

        await AssertErrorAsync(unknownId, 404, "not_found");
        await AssertErrorAsync(unknownFunction, 404, "not_found");
    }

    [Test]
    public async Task Executions_WithoutKey_Return401()
    {
        using var anonymous = Gateway.Client();

        using var get = await anonymous.GetAsync($"executions/{Guid.NewGuid():N}");
        using var submit = await anonymous.PostAsync("async-function/whatever", new StringContent(""));

        await AssertErrorAsync(get, 401);
        await AssertErrorAsync(submit, 401);
    }

    [Test]
    public async Task Invoke_NonLoopbackCallback_Returns400AndStoresNothing()
    {
        var name = UniqueName("async-cb-bad");
        await DeployOkAsync(name, "object Handle(FaasRequest r) => \"x\";");

        using var response = await SubmitAsync(name, callback: "http://example.com/hook");

        var message = await AssertErrorAsync(response, 400, "bad_request");
        Assert.That(message, Does.Contain("example.com"));
    }

    [Test]
    public async Task Invoke_UnlistedLoopbackCallback_Returns400SayingHowToAllowIt()
    {
        var name = UniqueName("async-cb-loop");
        await DeployOkAsync(name, "object Handle(FaasRequest r) => \"x\";");

        using var response = await SubmitAsync(name, callback: $"http://127.0.0.1:{s_callbackPort + 1}/hook");

        var message = await AssertErrorAsync(response, 400, "bad_request");
        Assert.That(message, Does.Contain($"127.0.0.1:{s_callbackPort + 1}").And.Contain("async.callback_allow_hosts"));
    }

    [Test]
    public async Task Invoke_ListedLoopbackCallback_ReceivesTheResult()
    {
        var name = UniqueName("async-cb");
        await DeployOkAsync(name, "object Handle(FaasRequest r) => \"called back\";");
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{s_callbackPort}/");
        listener.Start();
        var received = AsyncCalls.ReceiveOneAsync(listener);

        var id = await AcceptedIdAsync(await SubmitAsync(name, callback: $"http://127.0.0.1:{s_callbackPort}/hook"));
        var (path, body) = await received.WaitAsync(TimeSpan.FromSeconds(120));
        var json = JsonNode.Parse(body)!;

        Assert.That(path, Is.EqualTo("/hook"));
        Assert.That(json["execution_id"]!.GetValue<string>(), Is.EqualTo(id));
        Assert.That(json["status"]!.GetValue<string>(), Is.EqualTo("succeeded"));
        Assert.That(json["result"]!["body"]!.GetValue<string>(), Is.EqualTo("called back"));
    }

    [Test]
    public async Task GatewayKilled_WhileExecutionsRun_EveryExecutionFinishesAfterRestart()
    {
        const int count = 16;
        var name = UniqueName("async-crash");
        await DeployOkAsync(name, "async Task<object> Handle(FaasRequest r) { await Task.Delay(400); return \"done \" + r.Text(); }");
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await AcceptedIdAsync(await SubmitAsync(name, i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        var finishedBeforeKill = 0;
        while (finishedBeforeKill == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            var states = await Task.WhenAll(ids.Select(async id => (await JsonAsync(await Admin.GetAsync($"executions/{id}")))["status"]!.GetValue<string>()));
            finishedBeforeKill = states.Count(s => s == "succeeded");
        }

        await Child.KillAsync();
        await Child.RestartAsync();
        using var client = Gateway.Client(AdminKey);
        var finals = new List<JsonNode>();
        foreach (var id in ids)
        {
            finals.Add(await WaitFinalAsync(client, id));
        }

        TestContext.Progress.WriteLine($"{finishedBeforeKill} of {count} finished before the kill; attempts after restart: " +
            string.Join(",", finals.Select(f => f["attempts"]!.GetValue<int>())));
        Assert.That(finishedBeforeKill, Is.GreaterThan(0), "the kill should come after some executions finished");
        Assert.That(finishedBeforeKill, Is.LessThan(count), "the kill should come before all executions finished");
        Assert.That(finals, Has.Count.EqualTo(count));
        Assert.That(finals.Select(f => f["status"]!.GetValue<string>()), Has.All.EqualTo("succeeded"));
        Assert.That(finals.Select(f => f["result"]!["body"]!.GetValue<string>()),
            Is.EquivalentTo(Enumerable.Range(0, count).Select(i => $"done {i}")));
    }
}
