using System.Net;
using System.Net.Http.Json;
using NUnit.Framework;

namespace Faas.Gateway.Tests.EndToEnd;

[TestFixture]
public sealed class FunctionLifecycleTests : GatewayTestBase
{
    private const string Hello = """
        object Handle(FaasRequest request)
        {
            var data = request.Json();
            return new { message = $"Hello, {(string?)data?["name"] ?? "World"}!" };
        }
        """;

    [Test]
    public async Task Invoke_DeployedDesignExample_ReturnsGreetingAndMarksOnlyFirstCallCold()
    {
        var name = UniqueName("hello");
        await DeployOkAsync(name, Hello);

        using var first = await InvokeAsync(name, """{"name":"Ada"}""");
        using var second = await InvokeAsync(name, "");

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await JsonAsync(first))["message"]!.GetValue<string>(), Is.EqualTo("Hello, Ada!"));
        Assert.That(first.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
        Assert.That(first.Headers.GetValues("X-Faas-Cold-Start").Single(), Is.EqualTo("true"));
        Assert.That((await JsonAsync(second))["message"]!.GetValue<string>(), Is.EqualTo("Hello, World!"));
        Assert.That(second.Headers.GetValues("X-Faas-Cold-Start").Single(), Is.EqualTo("false"));
    }

    [Test]
    public async Task Invoke_AsyncHandlerWithPathQueryAndHeaders_SeesTheRequest()
    {
        var name = UniqueName("async");
        await DeployOkAsync(name, """
            async Task<object> Handle(FaasRequest request, CancellationToken cancellationToken)
            {
                await Task.Delay(5, cancellationToken);
                return $"{request.Method} {request.Path} q={request.Query["q"]} h={request.Header("X-Test")} auth={request.Header("Authorization") ?? "none"} body={request.Text()}";
            }
            """);
        using var message = new HttpRequestMessage(HttpMethod.Put, $"invoke/{name}/a/b?q=7") { Content = new StringContent("hi") };
        message.Headers.Add("X-Test", "yes");

        using var response = await Admin.SendAsync(message);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/plain"));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("PUT /a/b q=7 h=yes auth=none body=hi"));
    }

    [Test]
    public async Task Invoke_HandlerReturningFaasResponseOrNull_KeepsItsStatusAndHeaders()
    {
        var name = UniqueName("status");
        await DeployOkAsync(name, """
            object? Handle(FaasRequest request) => request.Query.ContainsKey("empty")
                ? null
                : new FaasResponse { StatusCode = 418, Headers = { ["X-Teapot"] = "short" }, Body = "tea"u8.ToArray() };
            """);

        using var teapot = await InvokeAsync(name);
        using var empty = await Admin.GetAsync($"invoke/{name}?empty=1");

        Assert.That((int)teapot.StatusCode, Is.EqualTo(418));
        Assert.That(teapot.Headers.GetValues("X-Teapot").Single(), Is.EqualTo("short"));
        Assert.That(await teapot.Content.ReadAsStringAsync(), Is.EqualTo("tea"));
        Assert.That(empty.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
    }

    [Test]
    public async Task Create_ExistingName_Returns409()
    {
        var name = UniqueName("dup");
        await DeployOkAsync(name, Hello);

        using var again = await DeployAsync(name, Hello);

        await AssertErrorAsync(again, 409, "conflict");
    }

    [Test]
    public async Task Create_CompileError_Returns400WithLineAndColumnAndStoresNothing()
    {
        var name = UniqueName("broken");
        using var response = await DeployAsync(name, "object Handle(FaasRequest request)\n{\n    return undefinedThing;\n}");

        await AssertErrorAsync(response, 400, "compile_error");
        var diagnostics = (await JsonAsync(response))["error"]!["diagnostics"]!.AsArray();
        Assert.That(diagnostics, Has.Count.GreaterThanOrEqualTo(1));
        Assert.That(diagnostics[0]!["line"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(diagnostics[0]!["column"]!.GetValue<int>(), Is.EqualTo(12));
        Assert.That(diagnostics[0]!["message"]!.GetValue<string>(), Does.Contain("undefinedThing"));
        using var get = await Admin.GetAsync($"functions/{name}");
        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Create_BadInput_Returns400()
    {
        using var badName = await DeployAsync("Bad_Name", Hello);
        using var noCode = await Admin.PostAsJsonAsync("functions", new { name = UniqueName("x") });
        using var badJson = await Admin.PostAsync("functions", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        using var badConfig = await DeployAsync(UniqueName("cfg"), Hello, new { memory = "12Zi", timeout = -1, execution_mode = "vm" });
        using var noHandler = await DeployAsync(UniqueName("nohandler"), "object Other(FaasRequest r) => 1;");

        await AssertErrorAsync(badName, 400);
        await AssertErrorAsync(noCode, 400);
        await AssertErrorAsync(badJson, 400);
        var message = await AssertErrorAsync(badConfig, 400);
        Assert.That(message, Does.Contain("memory").And.Contain("timeout").And.Contain("execution_mode"));
        await AssertErrorAsync(noHandler, 400, "compile_error");
    }

    [Test]
    public async Task Update_NewCodeAndConfig_ServesNewVersionWithoutFailingInFlightCall()
    {
        var name = UniqueName("update");
        await DeployOkAsync(name, """
            async Task<object> Handle(FaasRequest request)
            {
                if (request.Query.ContainsKey("slow")) { await Task.Delay(3000); }
                return "v1";
            }
            """);
        using (var warm = await InvokeAsync(name))
        {
            Assert.That(await warm.Content.ReadAsStringAsync(), Is.EqualTo("v1"));
        }

        await WaitUntilIdleAsync(name);
        var inFlight = Admin.PostAsync($"invoke/{name}?slow=1", new StringContent(""));
        await WaitUntilBusyAsync(name);
        using var update = await Admin.PutAsJsonAsync($"functions/{name}", new
        {
            code = "object Handle(FaasRequest request) => \"v2:\" + Environment.GetEnvironmentVariable(\"GREETING\");",
            config = new { environment = new Dictionary<string, string> { ["GREETING"] = "hi" }, timeout = 5 },
        });
        using var after = await InvokeAsync(name);
        using var slow = await inFlight;

        Assert.That(update.StatusCode, Is.EqualTo(HttpStatusCode.OK), await update.Content.ReadAsStringAsync());
        var view = await JsonAsync(update);
        Assert.That(view["version"]!.GetValue<long>(), Is.EqualTo(2));
        Assert.That(view["config"]!["timeout"]!.GetValue<double>(), Is.EqualTo(5));
        Assert.That(await after.Content.ReadAsStringAsync(), Is.EqualTo("v2:hi"));
        Assert.That(slow.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await slow.Content.ReadAsStringAsync(), Is.EqualTo("v1"));
    }

    [Test]
    public async Task Update_UnknownFunction_Returns404()
    {
        using var response = await Admin.PutAsJsonAsync($"functions/{UniqueName("ghost")}", new { code = Hello });

        await AssertErrorAsync(response, 404, "not_found");
    }

    [Test]
    public async Task Delete_DeployedFunction_StopsInstancesAndForgetsIt()
    {
        var name = UniqueName("delete");
        await DeployOkAsync(name, Hello);
        (await InvokeAsync(name)).Dispose();

        using var delete = await Admin.DeleteAsync($"functions/{name}");
        using var invoke = await InvokeAsync(name);
        using var again = await Admin.DeleteAsync($"functions/{name}");
        var instances = await JsonAsync(await Admin.GetAsync("instances"));

        Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await AssertErrorAsync(invoke, 404, "not_found");
        await AssertErrorAsync(again, 404);
        Assert.That(instances["instances"]!.AsArray().Select(i => i!["function"]!.GetValue<string>()), Has.No.Member(name));
    }

    [Test]
    public async Task Invoke_UnknownFunction_Returns404()
    {
        using var response = await InvokeAsync(UniqueName("missing"));

        await AssertErrorAsync(response, 404, "not_found");
    }

    [Test]
    public async Task StatsAndInstances_AfterInvocations_ReportCountsLatencyAndInstanceDetails()
    {
        var name = UniqueName("stats");
        await DeployOkAsync(name, Hello);
        for (var i = 0; i < 3; i++)
        {
            (await InvokeAsync(name)).Dispose();
        }

        var stats = await JsonAsync(await Admin.GetAsync($"stats/functions/{name}"));
        var platform = await JsonAsync(await Admin.GetAsync("stats"));
        var instance = (await JsonAsync(await Admin.GetAsync("instances")))["instances"]!.AsArray()
            .Single(i => i!["function"]!.GetValue<string>() == name)!;
        var list = await JsonAsync(await Admin.GetAsync("functions"));

        Assert.That(stats["invocations"]!.GetValue<long>(), Is.EqualTo(3));
        Assert.That(stats["errors"]!.GetValue<long>(), Is.EqualTo(0));
        Assert.That(stats["cold_starts"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(stats["latency_ms"]!["p99"]!.GetValue<double>(), Is.GreaterThanOrEqualTo(stats["latency_ms"]!["p50"]!.GetValue<double>()));
        Assert.That(stats["latency_ms"]!["mean"]!.GetValue<double>(), Is.GreaterThan(0));
        Assert.That(stats["instances"]!["ready"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(platform["invocations"]!.GetValue<long>(), Is.GreaterThanOrEqualTo(3));
        Assert.That(instance["mode"]!.GetValue<string>(), Is.EqualTo("process"));
        Assert.That(instance["state"]!.GetValue<string>(), Is.EqualTo("ready"));
        Assert.That(instance["pid"]!.GetValue<int>(), Is.GreaterThan(0));
        Assert.That(instance["invocations"]!.GetValue<long>(), Is.EqualTo(3));
        Assert.That(instance["runtime_id"]!.GetValue<string>(), Is.Not.Empty);
        Assert.That(instance["started_at"], Is.Not.Null);
        Assert.That(instance["last_used_at"], Is.Not.Null);
        Assert.That(list["functions"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()), Has.Member(name));
    }

    [Test]
    public async Task DeleteInstance_RunningInstance_StopsItAndNextCallStartsAnother()
    {
        var name = UniqueName("stopinst");
        // Each instance loads the handler once, so the value names the instance (pids are namespaced: always 2).
        await DeployOkAsync(name, "readonly string _instance = Guid.NewGuid().ToString(\"N\"); object Handle(FaasRequest r) => _instance;");
        using var first = await InvokeAsync(name);
        var firstInstance = await first.Content.ReadAsStringAsync();
        var id = (await JsonAsync(await Admin.GetAsync("instances")))["instances"]!.AsArray()
            .Single(i => i!["function"]!.GetValue<string>() == name)!["runtime_id"]!.GetValue<string>();

        using var stop = await Admin.DeleteAsync($"instances/{id}");
        // The autoscaler may already have started the replacement (the function was in use a moment ago): either
        // way the stopped instance is gone and another process answers.
        using var next = await InvokeAsync(name);
        var instances = (await JsonAsync(await Admin.GetAsync("instances")))["instances"]!.AsArray();
        using var missing = await Admin.DeleteAsync("instances/no-such-instance");

        Assert.That(stop.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(next.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await next.Content.ReadAsStringAsync(), Is.Not.EqualTo(firstInstance), "the stopped instance answered");
        Assert.That(instances.Select(i => i!["runtime_id"]!.GetValue<string>()), Has.No.Member(id));
        await AssertErrorAsync(missing, 404);
    }
}
