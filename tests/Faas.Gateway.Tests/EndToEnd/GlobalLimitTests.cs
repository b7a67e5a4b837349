using System.Net;
using NUnit.Framework;

namespace Faas.Gateway.Tests.EndToEnd;

/// <summary><c>max_concurrent_functions: 1</c>: a second call to another function queues, then gets 429 when nothing frees up in time.</summary>
[TestFixture]
public sealed class GlobalLimitTests : GatewayTestBase
{
    private const string SlowHandler = "async Task<object> Handle(FaasRequest r) { await Task.Delay(int.Parse(r.Query.TryGetValue(\"ms\", out var ms) ? ms : \"0\")); return \"ok\"; }";

    protected override string SystemYaml => """
          max_concurrent_functions: 1
          cold_start_timeout: 3
        """;

    [Test]
    public async Task Invoke_BeyondGlobalConcurrency_QueuesThenReturns429WithRetryAfter()
    {
        var (first, second) = await DeployWarmPairAsync("global-full");

        var slow = Admin.PostAsync($"invoke/{first}?ms=10000", new StringContent(""));
        await WaitUntilBusyAsync(first);
        using var refused = await InvokeAsync(second);
        using var slowDone = await slow;

        await AssertErrorAsync(refused, 429, "no_capacity");
        Assert.That(refused.Headers.RetryAfter, Is.Not.Null);
        Assert.That(slowDone.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Invoke_GlobalCapacityFreesWhileQueued_IsServed()
    {
        var (first, second) = await DeployWarmPairAsync("global-queue");

        var slow = Admin.PostAsync($"invoke/{first}?ms=500", new StringContent(""));
        await WaitUntilBusyAsync(first);
        using var queued = await InvokeAsync(second);
        using var slowDone = await slow;

        Assert.That(queued.StatusCode, Is.EqualTo(HttpStatusCode.OK), await queued.Content.ReadAsStringAsync());
        Assert.That(slowDone.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private async Task<(string First, string Second)> DeployWarmPairAsync(string prefix)
    {
        var first = UniqueName(prefix);
        var second = UniqueName(prefix);
        await DeployOkAsync(first, SlowHandler, new { timeout = 30 });
        await DeployOkAsync(second, SlowHandler, new { timeout = 30 });
        (await InvokeAsync(first)).Dispose();
        (await InvokeAsync(second)).Dispose();
        await WaitUntilIdleAsync(first);
        await WaitUntilIdleAsync(second);
        return (first, second);
    }
}
