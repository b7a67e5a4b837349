using System.Net.Http.Json;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Behaviour;

/// <summary><c>/namespaces/{ns}/keys</c>: made, shown once, listed without the key, used, revoked at once; other namespaces are 404.</summary>
[TestFixture]
public sealed class KeyRoutesTests : AccessTestBase
{
    [Test]
    public async Task Create_ByNamespaceAdmin_KeyShownOnceWorksAndIsListedWithoutIt()
    {
        var name = UniqueName("ci");
        using var created = await Admin.PostAsJsonAsync("namespaces/default/keys", new { name, scopes = new[] { "invoke", "manage" } });
        var body = await CreatedAsync(created);
        var key = body["key"]!.GetValue<string>();

        using var used = await Client(key).GetAsync("functions");
        using var listed = await Admin.GetAsync("namespaces/default/keys");
        var listText = await listed.Content.ReadAsStringAsync();
        var entry = (await JsonAsync(listed))["keys"]!.AsArray().Single(k => k!["name"]!.GetValue<string>() == name)!;

        Assert.That(key, Does.StartWith("fk_").And.Length.GreaterThanOrEqualTo(40));
        Assert.That(created.Headers.CacheControl?.NoStore, Is.True);
        Assert.That(body["namespace"]!.GetValue<string>(), Is.EqualTo("default"));
        Assert.That((int)used.StatusCode, Is.EqualTo(200));
        Assert.That(listText, Does.Not.Contain(key));
        Assert.That(entry["key"], Is.Null);
        Assert.That(entry["scopes"]!.AsArray().Select(s => s!.GetValue<string>()), Is.EqualTo(new[] { "invoke", "manage" }));
        Assert.That(entry["created_at"], Is.Not.Null);
        Assert.That(entry["last_used_at"], Is.Not.Null, "used once: its use is recorded");
        Assert.That(Gateway.Output, Does.Not.Contain(key));
    }

    [Test]
    public async Task Delete_Key_RevokesItAtOnce()
    {
        var name = UniqueName("gone");
        var key = await CreateKeyAsync(AdminKey, "default", new { name, scopes = new[] { "invoke", "manage" } });
        using var before = await Client(key).GetAsync("functions");

        using var deleted = await Admin.DeleteAsync($"namespaces/default/keys/{name}");
        using var after = await Client(key).GetAsync("functions");
        using var again = await Admin.DeleteAsync($"namespaces/default/keys/{name}");

        Assert.That((int)before.StatusCode, Is.EqualTo(200));
        Assert.That((int)deleted.StatusCode, Is.EqualTo(204));
        await AssertErrorAsync(after, 401, "unauthorized");
        await AssertErrorAsync(again, 404, "not_found");
    }

    [Test]
    public async Task Key_AsXApiKeyHeader_Authenticates()
    {
        var key = await CreateKeyAsync(AdminKey, "default", new { name = UniqueName("header"), scopes = new[] { "manage" } });
        using var client = Gateway.Client();
        client.DefaultRequestHeaders.Add("X-API-Key", key);

        using var response = await client.GetAsync("functions");

        Assert.That((int)response.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task Routes_OfAnotherNamespace_Answer404()
    {
        using var team = Client(TeamAdminKey);
        var body = new { name = UniqueName("x"), scopes = new[] { "invoke" } };

        using var create = await team.PostAsJsonAsync("namespaces/default/keys", body);
        using var list = await team.GetAsync("namespaces/default/keys");
        using var delete = await team.DeleteAsync("namespaces/default/keys/anything");
        using var fromDefault = await Admin.PostAsJsonAsync("namespaces/team-a/keys", body);
        using var unknown = await Client(PlatformKey).PostAsJsonAsync("namespaces/no-such-ns/keys", body);

        await AssertErrorAsync(create, 404, "not_found");
        await AssertErrorAsync(list, 404, "not_found");
        await AssertErrorAsync(delete, 404, "not_found");
        await AssertErrorAsync(fromDefault, 404, "not_found");
        await AssertErrorAsync(unknown, 404, "not_found");
    }

    [Test]
    public async Task Create_ByPlatformAdmin_InAnyNamespace_KeyActsInThatNamespaceOnly()
    {
        var teamKey = await CreateKeyAsync(PlatformKey, "team-a", new { name = UniqueName("team"), scopes = new[] { "invoke", "admin" } });

        using var own = await Client(teamKey).PostAsJsonAsync("namespaces/team-a/keys", new { name = UniqueName("own"), scopes = new[] { "invoke" } });
        using var other = await Client(teamKey).GetAsync("namespaces/default/keys");

        await CreatedAsync(own);
        await AssertErrorAsync(other, 404, "not_found");
    }

    [Test]
    public async Task Create_WithoutAdminScope_Returns403()
    {
        using var response = await Client(ManageKey).PostAsJsonAsync("namespaces/default/keys", new { name = "nope", scopes = new[] { "invoke" } });

        await AssertErrorAsync(response, 403, "forbidden");
    }

    [Test]
    public async Task Create_ScopesTheAdminLacks_Returns403()
    {
        using var response = await Client(TeamAdminOnlyKey).PostAsJsonAsync("namespaces/team-a/keys", new { name = UniqueName("more"), scopes = new[] { "invoke" } });

        var message = await AssertErrorAsync(response, 403, "forbidden");
        Assert.That(message, Does.Contain("invoke"));
    }

    [TestCase("""{"scopes": ["invoke"]}""")]
    [TestCase("""{"name": "bad name", "scopes": ["invoke"]}""")]
    [TestCase("""{"name": "k", "scopes": []}""")]
    [TestCase("""{"name": "k", "scopes": ["root"]}""")]
    [TestCase("""{"name": "k", "scopes": ["invoke"], "expires_at": "2001-01-01T00:00:00Z"}""")]
    [TestCase("""{"name": "k", "scopes": ["invoke"], "expires_at": "tomorrow"}""")]
    [TestCase("""{"name": "k", "scopes": ["invoke"], "functions": ["Not Valid"]}""")]
    [TestCase("""{"name": "k", "scopes": ["invoke"], "key": "chosen-by-me"}""")]
    public async Task Create_BadBody_Returns400(string json)
    {
        using var response = await Admin.PostAsync("namespaces/default/keys", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await AssertErrorAsync(response, 400, "bad_request");
    }

    [Test]
    public async Task Create_TakenNameOrConfiguredKeyName_Returns409()
    {
        var name = UniqueName("twice");
        await CreateKeyAsync(AdminKey, "default", new { name, scopes = new[] { "invoke" } });

        using var twice = await Admin.PostAsJsonAsync("namespaces/default/keys", new { name, scopes = new[] { "invoke" } });
        using var configured = await Client(TeamAdminKey).PostAsJsonAsync("namespaces/team-a/keys", new { name = "team-a-admin", scopes = new[] { "invoke" } });

        await AssertErrorAsync(twice, 409, "conflict");
        await AssertErrorAsync(configured, 409, "conflict");
    }

    [Test]
    public async Task Create_WithFunctionsAndExpiry_KeyLimitedToThem()
    {
        await DeployOkAsync("keyed-fn", "object Handle(FaasRequest r) => \"keyed\";");
        var expires = DateTimeOffset.UtcNow.AddDays(1);
        var key = await CreateKeyAsync(AdminKey, "default", new { name = UniqueName("fn"), scopes = new[] { "invoke" }, functions = new[] { "keyed-fn" }, expires_at = expires });

        using var mine = await Client(key).PostAsync("invoke/keyed-fn", new StringContent(""));
        using var other = await Client(key).PostAsync("invoke/some-other-fn", new StringContent(""));

        Assert.That(await mine.Content.ReadAsStringAsync(), Is.EqualTo("keyed"));
        await AssertErrorAsync(other, 403, "forbidden");
    }

    [Test]
    public async Task Key_PastItsExpiry_Returns401()
    {
        var expires = DateTimeOffset.UtcNow.AddSeconds(5);
        var key = await CreateKeyAsync(AdminKey, "default", new { name = UniqueName("short"), scopes = new[] { "manage" }, expires_at = expires });
        using var client = Client(key);
        using var before = await client.GetAsync("functions");

        await Eventually.ThatAsync(async () =>
        {
            using var response = await client.GetAsync("functions");
            return (int)response.StatusCode == 401;
        }, "the key fails after expires_at");
        using var after = await client.GetAsync("functions");

        Assert.That((int)before.StatusCode, Is.EqualTo(200), "before its expiry the key works");
        Assert.That(DateTimeOffset.UtcNow, Is.GreaterThanOrEqualTo(expires));
        await AssertErrorAsync(after, 401, "unauthorized");
    }

    [Test]
    public async Task StoredAdminKey_AsOpenFaasBasicPassword_Authenticates()
    {
        var key = await CreateKeyAsync(AdminKey, "default", new { name = UniqueName("faas-cli"), scopes = new[] { "invoke", "manage", "admin" } });
        using var client = Gateway.Client();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("admin:" + key)));

        using var response = await client.GetAsync("system/functions");

        Assert.That((int)response.StatusCode, Is.EqualTo(200));
    }
}
