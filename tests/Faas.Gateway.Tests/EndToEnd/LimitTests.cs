using System.Net;
using NUnit.Framework;

namespace Faas.Gateway.Tests.EndToEnd;

/// <summary>A gateway with tight limits: a small rate limit bucket and a short wait for capacity.</summary>
[TestFixture]
public sealed class LimitTests : GatewayTestBase
{
    protected override string SystemYaml => "  cold_start_timeout: 3";

    protected override string ExtraYaml => """
        rate_limit:
          requests_per_second: 1
          burst: 30
        """;

    [Test]
    public async Task Invoke_BeyondInstanceCapacity_Returns429WithRetryAfter()
    {
        var name = UniqueName("busy");
        await DeployOkAsync(name, "async Task<object> Handle(FaasRequest r) { await Task.Delay(r.Query.ContainsKey(\"slow\") ? 8000 : 0); return \"ok\"; }",
            new { max_instances = 1, concurrency = 1, timeout = 20 });
        (await InvokeAsync(name)).Dispose();
        await WaitUntilIdleAsync(name);

        var slow = Admin.PostAsync($"invoke/{name}?slow=1", new StringContent(""));
        await WaitUntilBusyAsync(name);
        using var refused = await InvokeAsync(name);
        using var slowDone = await slow;

        await AssertErrorAsync(refused, 429, "no_capacity");
        Assert.That(refused.Headers.RetryAfter, Is.Not.Null);
        Assert.That(slowDone.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Request_FloodFromOneKey_Gets429WhileAnotherKeyIsServed()
    {
        using var flooder = Gateway.Client(InvokeKey);
        using var other = Gateway.Client(ManageKey);
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 60 && limited is null; i++)
        {
            var response = await flooder.GetAsync("invoke/does-not-exist");
            if ((int)response.StatusCode == 429)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        using var served = await other.GetAsync("functions");

        Assert.That(limited, Is.Not.Null, "60 quick requests with a burst of 30 and 1/s refill were never limited");
        await AssertErrorAsync(limited!, 429, "rate_limited");
        Assert.That(limited!.Headers.RetryAfter, Is.Not.Null);
        Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        limited.Dispose();
    }
}
