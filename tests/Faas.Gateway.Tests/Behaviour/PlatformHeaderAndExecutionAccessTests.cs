using Faas.Gateway.Tests.EndToEnd;
using System.Net;
using System.Text.Json.Nodes;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Behaviour;

/// <summary>
/// Issue 18: a function-limited key sees only executions of its functions (others are 404 like unknown ids),
/// only admin keys see callback delivery state, and no caller can hand a handler an <c>X-Faas-*</c> header.
/// </summary>
[TestFixture]
public sealed class PlatformHeaderAndExecutionAccessTests : GatewayTestBase
{
    protected override bool InProcess => true;

    private const string LimitedKey = "limited-key-0001";
    private const string Mine = "exec-mine";
    private const string Theirs = "exec-theirs";

    /// <summary>Echoes the header names and values the handler got, as JSON.</summary>
    private const string EchoHeaders = "object Handle(FaasRequest r) => r.Headers;";

    private static readonly int s_callbackPort = GatewayProcess.FreePort();

    private static readonly Dictionary<string, string> s_forged = new()
    {
        ["X-Faas-Execution-Id"] = "forged-execution-id",
        ["X-Faas-Anything"] = "forged",
        ["x-faas-lower-case"] = "forged",
        ["X-Kept"] = "kept",
    };

    /// <summary>Continues the api_keys list of the base config.</summary>
    protected override string ExtraYaml => $$"""
            - { key: {{LimitedKey}}, scopes: [invoke], functions: [{{Mine}}], name: limited }
        async:
          callback_allow_hosts: ["127.0.0.1:{{s_callbackPort}}"]
        """;

    [OneTimeSetUp]
    public async Task DeployAsync()
    {
        await DeployOkAsync(Mine, EchoHeaders);
        await DeployOkAsync(Theirs, EchoHeaders);
    }

    private static HashSet<string> HeaderNames(string json) =>
        JsonNode.Parse(json)!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);

    [Test]
    public async Task Executions_OtherFunctionsIdWithLimitedKey_404ExactlyLikeAnUnknownId()
    {
        using var limited = Gateway.Client(LimitedKey);
        var theirs = await AsyncCalls.AcceptedIdAsync(await AsyncCalls.SubmitAsync(Admin, Theirs));
        var mine = await AsyncCalls.AcceptedIdAsync(await AsyncCalls.SubmitAsync(limited, Mine));
        await AsyncCalls.WaitFinalAsync(Admin, theirs);

        var unknownId = Guid.NewGuid().ToString("N");
        using var hidden = await limited.GetAsync($"executions/{theirs}");
        using var unknown = await limited.GetAsync($"executions/{unknownId}");
        var own = await AsyncCalls.WaitFinalAsync(limited, mine);
        using var byAdmin = await Admin.GetAsync($"executions/{theirs}");

        var hiddenMessage = await AssertErrorAsync(hidden, 404, "not_found");
        var unknownMessage = await AssertErrorAsync(unknown, 404, "not_found");
        Assert.That(hiddenMessage.Replace(theirs, "ID", StringComparison.Ordinal), Is.EqualTo(unknownMessage.Replace(unknownId, "ID", StringComparison.Ordinal)));
        Assert.That(own["function"]!.GetValue<string>(), Is.EqualTo(Mine));
        Assert.That((int)byAdmin.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task Executions_WithCallback_OnlyAdminKeysSeeTheCallbackState()
    {
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{s_callbackPort}/");
        listener.Start();
        var received = AsyncCalls.ReceiveOneAsync(listener);
        using var invoker = Gateway.Client(InvokeKey);

        var id = await AsyncCalls.AcceptedIdAsync(await AsyncCalls.SubmitAsync(invoker, Mine, callback: $"http://127.0.0.1:{s_callbackPort}/done"));
        await received.WaitAsync(TimeSpan.FromSeconds(120));
        var asAdmin = await AsyncCalls.WaitFinalAsync(Admin, id);
        for (var i = 0; i < 600 && asAdmin["callback_state"]?.GetValue<string>() != "delivered"; i++)
        {
            await Task.Delay(100);
            asAdmin = await AsyncCalls.WaitFinalAsync(Admin, id);
        }

        var asInvoker = await AsyncCalls.WaitFinalAsync(invoker, id);

        Assert.That(asAdmin["callback_state"]?.GetValue<string>(), Is.EqualTo("delivered"));
        Assert.That(asInvoker["callback_url"]!.GetValue<string>(), Is.EqualTo($"http://127.0.0.1:{s_callbackPort}/done"));
        Assert.That(asInvoker["callback_state"], Is.Null, asInvoker.ToJsonString());
    }

    [Test]
    public async Task Invoke_ForgedPlatformHeaders_SyncAndOpenFaasHandlersNeverSeeThem()
    {
        using var sync = new HttpRequestMessage(HttpMethod.Post, $"invoke/{Mine}");
        using var openFaas = new HttpRequestMessage(HttpMethod.Post, $"function/{Mine}");
        foreach (var (key, value) in s_forged)
        {
            sync.Headers.TryAddWithoutValidation(key, value);
            openFaas.Headers.TryAddWithoutValidation(key, value);
        }

        using var syncResponse = await Admin.SendAsync(sync);
        using var openFaasResponse = await Admin.SendAsync(openFaas);
        var syncText = await syncResponse.Content.ReadAsStringAsync();
        var openFaasText = await openFaasResponse.Content.ReadAsStringAsync();

        Assert.That((int)syncResponse.StatusCode, Is.EqualTo(200), syncText);
        Assert.That((int)openFaasResponse.StatusCode, Is.EqualTo(200), openFaasText);
        foreach (var names in new[] { HeaderNames(syncText), HeaderNames(openFaasText) })
        {
            Assert.That(names, Does.Contain("X-Kept"));
            Assert.That(names.Where(n => n.StartsWith("X-Faas-", StringComparison.OrdinalIgnoreCase)), Is.Empty, string.Join(", ", names));
        }

        Assert.That(syncText + openFaasText, Does.Not.Contain("forged"));
    }

    [Test]
    public async Task Invoke_AsyncWithForgedPlatformHeaders_HandlerSeesOnlyThePlatformsExecutionId()
    {
        var id = await AsyncCalls.AcceptedIdAsync(await AsyncCalls.SubmitAsync(Admin, Mine, headers: s_forged));

        var execution = await AsyncCalls.WaitFinalAsync(Admin, id);

        var echoed = JsonNode.Parse(execution["result"]!["body"]!.GetValue<string>())!.AsObject();
        var platform = echoed.Where(p => p.Key.StartsWith("X-Faas-", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.That(platform.Select(p => (p.Key, p.Value!.GetValue<string>())), Is.EqualTo(new[] { ("X-Faas-Execution-Id", id) }), echoed.ToJsonString());
        Assert.That(echoed.Select(p => p.Key), Does.Contain("X-Kept").IgnoreCase);
    }
}
