using Faas.Gateway.Tests.EndToEnd;
using System.Net.Http.Json;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Behaviour;

[TestFixture]
public sealed class AuthTests : GatewayTestBase
{
    protected override bool InProcess => true;

    [Test]
    public async Task Request_WithoutOrWithWrongKey_Returns401()
    {
        using var anonymous = Gateway.Client();
        using var wrong = Gateway.Client("not-a-configured-key");

        using var none = await anonymous.GetAsync("functions");
        using var bad = await wrong.GetAsync("functions");
        using var health = await anonymous.GetAsync("health");

        await AssertErrorAsync(none, 401, "unauthorized");
        Assert.That(none.Headers.WwwAuthenticate.ToString(), Does.Contain("Bearer"));
        await AssertErrorAsync(bad, 401, "unauthorized");
        Assert.That((int)health.StatusCode, Is.EqualTo(200));
    }

    [TestCase(InvokeKey, "functions", 403)]
    [TestCase(InvokeKey, "stats", 403)]
    [TestCase(ManageKey, "instances", 403)]
    [TestCase(ManageKey, "functions", 200)]
    [TestCase(AdminKey, "instances", 200)]
    public async Task Get_KeyScope_DecidesAccess(string key, string path, int expected)
    {
        using var client = Gateway.Client(key);

        using var response = await client.GetAsync(path);

        if (expected == 403)
        {
            await AssertErrorAsync(response, 403, "forbidden");
        }
        else
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(expected));
        }
    }

    [Test]
    public async Task Deploy_WithInvokeOnlyKey_Returns403AndInvokeWorks()
    {
        var name = UniqueName("scoped");
        using var invoker = Gateway.Client(InvokeKey);

        using var denied = await invoker.PostAsJsonAsync("functions", new { name, code = "object Handle(FaasRequest r) => 1;" });
        await DeployOkAsync(name, "object Handle(FaasRequest r) => 1;");
        using var invoked = await InvokeAsync(name, client: invoker);

        await AssertErrorAsync(denied, 403);
        Assert.That((int)invoked.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task Logs_OfGateway_NeverContainApiKeys()
    {
        using var client = Gateway.Client(AdminKey);
        (await client.GetAsync("functions")).Dispose();

        Assert.That(Gateway.Output, Does.Not.Contain(AdminKey).And.Not.Contain(ManageKey).And.Not.Contain(InvokeKey));
    }
}
