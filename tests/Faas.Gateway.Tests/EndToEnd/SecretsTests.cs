using System.Net;
using System.Net.Http.Json;
using System.Text;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Gateway.Tests.EndToEnd;

/// <summary>Issue 6 part 3: secrets over REST, encrypted at rest, mounted read-only for the functions that list them.</summary>
[TestFixture]
public sealed class SecretsTests : GatewayTestBase
{
    private const string Value = "tops3cret-0f1e2d3c4b5a";

    private const string ReadSecret = """
        object Handle(FaasRequest request) =>
            System.IO.File.ReadAllText("/var/openfaas/secrets/" + request.Text()) + "|" + Environment.GetEnvironmentVariable("DB_TOKEN");
        """;

    [Test]
    public async Task Secrets_CrudWithAdminKey_NeverReturnsOrLogsTheValue()
    {
        var name = UniqueName("api-key");
        var bodies = new StringBuilder();
        using (var created = await Admin.PostAsJsonAsync("secrets", new { name, value = Value }))
        {
            bodies.Append(await created.Content.ReadAsStringAsync());
            Assert.That((int)created.StatusCode, Is.EqualTo(201), bodies.ToString());
        }

        using (var again = await Admin.PostAsJsonAsync("secrets", new { name, value = "x" }))
        {
            bodies.Append(await AssertErrorAsync(again, 409));
        }

        using (var list = await Admin.GetAsync("secrets"))
        {
            var text = await list.Content.ReadAsStringAsync();
            bodies.Append(text);
            Assert.That(text, Does.Contain(name).And.Contain("created_at"));
        }

        using (var updated = await Admin.PutAsJsonAsync($"secrets/{name}", new { value = Value + "-new" }))
        {
            bodies.Append(await updated.Content.ReadAsStringAsync());
            Assert.That((int)updated.StatusCode, Is.EqualTo(200));
        }

        using (var missing = await Admin.PutAsJsonAsync("secrets/nope-nope", new { value = "v" }))
        {
            await AssertErrorAsync(missing, 404);
        }

        using (var deleted = await Admin.DeleteAsync($"secrets/{name}"))
        {
            Assert.That((int)deleted.StatusCode, Is.EqualTo(204));
        }

        Assert.That(bodies.ToString(), Does.Not.Contain(Value));
        Assert.That(Gateway.Output, Does.Not.Contain(Value));
        foreach (var file in Directory.GetFiles(Gateway.StoragePath, "*.db*"))
        {
            Assert.That(Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file)), Does.Not.Contain(Value), file);
        }
    }

    [Test]
    public async Task Secrets_WithManageKey_Forbidden()
    {
        using var manage = Gateway.Client(ManageKey);
        using var list = await manage.GetAsync("secrets");
        using var create = await manage.PostAsJsonAsync("secrets", new { name = "x", value = "y" });

        await AssertErrorAsync(list, 403);
        await AssertErrorAsync(create, 403);
    }

    [Test]
    public async Task Deploy_UnknownSecret_BadRequest()
    {
        using var response = await DeployAsync(UniqueName("nosecret"), ReadSecret, new { secrets = new[] { "does-not-exist" } });

        Assert.That(await AssertErrorAsync(response, 400), Does.Contain("does-not-exist"));
    }

    [Test]
    public async Task Invoke_FunctionListingSecret_ReadsItFromFileAndEnvironment()
    {
        Requirements.RequireRootSandbox();
        var secret = UniqueName("db-token");
        using (var created = await Admin.PostAsJsonAsync("secrets", new { name = secret, value = Value }))
        {
            Assert.That((int)created.StatusCode, Is.EqualTo(201));
        }

        // secrets_as_env exports db-token-xxxx as DB_TOKEN_XXXX; the handler reads a fixed name, so add a second one.
        using (var plain = await Admin.PostAsJsonAsync("secrets", new { name = "db-token", value = "env-" + Value }))
        {
            Assert.That((int)plain.StatusCode, Is.AnyOf(201, 409));
        }

        var function = UniqueName("reads-secret");
        await DeployOkAsync(function, ReadSecret, new { secrets = new[] { secret, "db-token" }, secrets_as_env = true });

        using var response = await InvokeAsync(function, secret);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text + Gateway.Output);
        Assert.That(text, Is.EqualTo(Value + "|env-" + Value));

        using (var inUse = await Admin.DeleteAsync($"secrets/{secret}"))
        {
            await AssertErrorAsync(inUse, 409, "secret_in_use");
        }

        // A new value reaches the function through fresh instances.
        using (var updated = await Admin.PutAsJsonAsync($"secrets/{secret}", new { value = "rotated" }))
        {
            Assert.That((int)updated.StatusCode, Is.EqualTo(200));
        }

        using var rotated = await InvokeAsync(function, secret);
        Assert.That(await rotated.Content.ReadAsStringAsync(), Does.StartWith("rotated|"));
        Assert.That(Gateway.Output, Does.Not.Contain(Value));
    }
}
