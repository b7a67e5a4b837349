using System.Net.Http.Json;
using System.Text;
using Faas.Gateway.Tests.Auth;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Behaviour;

/// <summary><c>/auth/login</c> and the tokens it issues, accepted as <c>Authorization: Bearer</c> wherever a key is.</summary>
[TestFixture]
public sealed class LoginTests : AccessTestBase
{
    [Test]
    public async Task Login_RightPassword_TokenWorksWithinTheUsersScopes()
    {
        var username = UniqueName("dev");
        await CreateUserAsync(AdminKey, username, "default", "invoke", "manage");

        using var login = await LoginAsync(username);
        var body = await JsonAsync(login);
        using var client = TokenClient(body["token"]!.GetValue<string>());
        using var functions = await client.GetAsync("functions");
        using var deploy = await client.PostAsJsonAsync("functions", new { name = UniqueName("by-user"), code = "object Handle(FaasRequest r) => 1;" });
        using var instances = await client.GetAsync("instances");

        Assert.That(login.Headers.CacheControl?.NoStore, Is.True);
        Assert.That(body["expires_at"]!.GetValue<DateTimeOffset>(), Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(55)));
        Assert.That((int)functions.StatusCode, Is.EqualTo(200));
        Assert.That((int)deploy.StatusCode, Is.EqualTo(201), await deploy.Content.ReadAsStringAsync());
        await AssertErrorAsync(instances, 403, "forbidden");
    }

    [Test]
    public async Task Login_WrongPasswordOrUnknownUser_SameAnswer()
    {
        var username = UniqueName("known");
        await CreateUserAsync(AdminKey, username, "default", "invoke");

        using var wrong = await LoginAsync(username, "not the password at all");
        using var unknown = await LoginAsync(UniqueName("unknown"));

        await AssertErrorAsync(wrong, 401, "unauthorized");
        Assert.That(await unknown.Content.ReadAsStringAsync(), Is.EqualTo(await wrong.Content.ReadAsStringAsync()));
        Assert.That((int)unknown.StatusCode, Is.EqualTo(401));
        Assert.That(Gateway.Output, Does.Contain("Sign-in failed for user " + username));
    }

    [Test]
    public async Task Token_OfDisabledUser_RefusedAtOnceAndStaysRefusedWhenReenabled()
    {
        var username = UniqueName("off");
        await CreateUserAsync(AdminKey, username, "default", "manage");
        var token = await TokenAsync(username);
        using var before = await TokenClient(token).GetAsync("functions");

        using var disable = await Admin.PutAsJsonAsync($"users/{username}", new { disabled = true });
        using var after = await TokenClient(token).GetAsync("functions");
        using var login = await LoginAsync(username);
        using var enable = await Admin.PutAsJsonAsync($"users/{username}", new { disabled = false });
        using var reenabled = await TokenClient(token).GetAsync("functions");

        Assert.That((int)before.StatusCode, Is.EqualTo(200));
        Assert.That((int)disable.StatusCode, Is.EqualTo(200));
        await AssertErrorAsync(after, 401, "unauthorized");
        await AssertErrorAsync(login, 401, "unauthorized");
        Assert.That((int)enable.StatusCode, Is.EqualTo(200));
        await AssertErrorAsync(reenabled, 401, "unauthorized");
    }

    [Test]
    public async Task Token_OfDeletedUser_RefusedAtOnce()
    {
        var username = UniqueName("del");
        await CreateUserAsync(AdminKey, username, "default", "manage");
        var token = await TokenAsync(username);

        using var delete = await Admin.DeleteAsync($"users/{username}");
        using var after = await TokenClient(token).GetAsync("functions");

        Assert.That((int)delete.StatusCode, Is.EqualTo(204));
        await AssertErrorAsync(after, 401, "unauthorized");
    }

    [Test]
    public async Task Token_TamperedOrAlgNone_Refused()
    {
        var username = UniqueName("tamper");
        await CreateUserAsync(AdminKey, username, "default", "manage");
        var parts = (await TokenAsync(username)).Split('.');
        var payload = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]))
            .Replace("\"manage\"", "\"admin\"", StringComparison.Ordinal);
        var forgedPayload = TokenIssuerTests.Base64UrlEncode(Encoding.UTF8.GetBytes(payload));
        var tampered = $"{parts[0]}.{forgedPayload}.{parts[2]}";
        var none = $"{TokenIssuerTests.Base64UrlEncode("{\"alg\":\"none\",\"typ\":\"JWT\"}"u8.ToArray())}.{forgedPayload}.";

        using var withTampered = await TokenClient(tampered).GetAsync("instances");
        using var withNone = await TokenClient(none).GetAsync("instances");

        await AssertErrorAsync(withTampered, 401, "unauthorized");
        await AssertErrorAsync(withNone, 401, "unauthorized");
        Assert.That(Gateway.Output, Does.Contain("Token refused"));
    }

    [Test]
    public async Task Token_OfNamespaceAdminUser_MakesKeysInItsNamespaceOnly()
    {
        var username = UniqueName("lead");
        await CreateUserAsync(TeamAdminKey, username, "team-a", "invoke", "admin");
        using var client = TokenClient(await TokenAsync(username));

        using var own = await client.PostAsJsonAsync("namespaces/team-a/keys", new { name = UniqueName("k"), scopes = new[] { "invoke" } });
        using var other = await client.PostAsJsonAsync("namespaces/default/keys", new { name = UniqueName("k"), scopes = new[] { "invoke" } });

        await CreatedAsync(own);
        await AssertErrorAsync(other, 404, "not_found");
    }

    [TestCase("")]
    [TestCase("""{"username": "a"}""")]
    [TestCase("""{"username": "a", "password": "b", "remember": true}""")]
    public async Task Login_BadBody_Returns400(string json)
    {
        using var response = await Gateway.Client().PostAsync("auth/login", new StringContent(json, Encoding.UTF8, "application/json"));

        await AssertErrorAsync(response, 400, "bad_request");
    }
}
