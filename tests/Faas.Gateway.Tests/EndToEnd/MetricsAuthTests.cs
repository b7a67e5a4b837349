using System.Net;
using NUnit.Framework;

namespace Faas.Gateway.Tests.EndToEnd;

/// <summary>A gateway with <c>metrics_auth: admin</c> and a small rate-limit bucket.</summary>
[TestFixture]
public sealed class MetricsAuthTests : GatewayTestBase
{
    protected override string SystemYaml => "  metrics_auth: admin";

    protected override string ExtraYaml => """
        rate_limit:
          requests_per_second: 1
          burst: 5
        """;

    [Test]
    public async Task Metrics_AdminAuth_RefusesAnonymousAndNonAdminKeys()
    {
        using var anonymous = Gateway.Client();
        using var manager = Gateway.Client(ManageKey);

        using var noKey = await anonymous.GetAsync("metrics");
        using var notAdmin = await manager.GetAsync("metrics");
        using var admin = await Admin.GetAsync("metrics");

        await AssertErrorAsync(noKey, 401);
        await AssertErrorAsync(notAdmin, 403);
        Assert.That(admin.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(admin.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/plain"));
    }

    [Test]
    public async Task Metrics_RateLimitedRequests_CountedAsRejections()
    {
        using var flooder = Gateway.Client(InvokeKey);
        var limited = 0;
        for (var i = 0; i < 40; i++)
        {
            using var response = await flooder.GetAsync("health");
            limited += (int)response.StatusCode == 429 ? 1 : 0;
        }

        using var metrics = await Gateway.Client(AdminKey).GetAsync("metrics");
        var text = await metrics.Content.ReadAsStringAsync();

        Assert.That(limited, Is.GreaterThan(0), "40 quick requests with a burst of 5 and 1/s refill were never limited");
        Assert.That(MetricsTests.Value(text, "gateway_rate_limit_rejections_total"), Is.EqualTo(limited));
        Assert.That(MetricsTests.Value(text, "gateway_http_requests_total{method=\"GET\",path_template=\"/health\",status=\"429\"}"), Is.EqualTo(limited));
    }
}
