using System.Net.Http.Json;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Behaviour;

/// <summary><c>/users</c>: made by admins within their namespace, listed without passwords, changed and deleted.</summary>
[TestFixture]
public sealed class UserRoutesTests : AccessTestBase
{
    [Test]
    public async Task Create_User_AnswerAndListHoldNoPassword()
    {
        var username = UniqueName("ann");
        using var created = await Admin.PostAsJsonAsync("users", new { username, password = Password, @namespace = "default", scopes = new[] { "invoke" } });
        var text = await created.Content.ReadAsStringAsync();
        using var listed = await Admin.GetAsync("users");
        var listText = await listed.Content.ReadAsStringAsync();

        Assert.That((int)created.StatusCode, Is.EqualTo(201), text);
        Assert.That(text, Does.Not.Contain(Password).And.Not.Contain("pbkdf2"));
        Assert.That(listText, Does.Contain(username).And.Not.Contain("pbkdf2").And.Not.Contain(Password));
    }

    [Test]
    public async Task Create_ByNamespaceAdminForAnotherNamespace_Returns404AndPlatformAdminMay()
    {
        var body = new { username = UniqueName("cross"), password = Password, @namespace = "default", scopes = new[] { "invoke" } };

        using var team = await Client(TeamAdminKey).PostAsJsonAsync("users", body);
        using var platform = await Client(PlatformKey).PostAsJsonAsync("users", body);

        await AssertErrorAsync(team, 404, "not_found");
        await CreatedAsync(platform);
    }

    [Test]
    public async Task List_ByNamespaceAdmin_ShowsItsNamespaceOnly()
    {
        var mine = UniqueName("mine");
        var theirs = UniqueName("theirs");
        await CreateUserAsync(TeamAdminKey, mine, "team-a", "invoke");
        await CreateUserAsync(AdminKey, theirs, "default", "invoke");

        var team = await (await Client(TeamAdminKey).GetAsync("users")).Content.ReadAsStringAsync();
        var all = await (await Client(PlatformKey).GetAsync("users")).Content.ReadAsStringAsync();

        Assert.That(team, Does.Contain(mine).And.Not.Contain(theirs));
        Assert.That(all, Does.Contain(mine).And.Contain(theirs));
    }

    [Test]
    public async Task ChangeOrDelete_UserOfAnotherNamespace_Returns404()
    {
        var username = UniqueName("other");
        await CreateUserAsync(AdminKey, username, "default", "invoke");

        using var put = await Client(TeamAdminKey).PutAsJsonAsync($"users/{username}", new { disabled = true });
        using var delete = await Client(TeamAdminKey).DeleteAsync($"users/{username}");
        using var missing = await Admin.DeleteAsync("users/no-such-user");

        await AssertErrorAsync(put, 404, "not_found");
        await AssertErrorAsync(delete, 404, "not_found");
        await AssertErrorAsync(missing, 404, "not_found");
        Assert.That(await TokenAsync(username), Is.Not.Empty, "the user was left alone");
    }

    [Test]
    public async Task Create_WithoutAdminScope_Returns403()
    {
        using var response = await Client(ManageKey).PostAsJsonAsync("users", new { username = "nobody", password = Password, scopes = new[] { "invoke" } });

        await AssertErrorAsync(response, 403, "forbidden");
    }

    [Test]
    public async Task Create_ScopesTheAdminLacks_Returns403()
    {
        using var response = await Client(TeamAdminOnlyKey).PostAsJsonAsync("users",
            new { username = UniqueName("strong"), password = Password, @namespace = "team-a", scopes = new[] { "invoke", "admin" } });

        await AssertErrorAsync(response, 403, "forbidden");
    }

    [TestCase("""{"username": "shorty", "password": "elevenchars", "scopes": ["invoke"]}""")]
    [TestCase("""{"username": "Upper", "password": "correct horse battery", "scopes": ["invoke"]}""")]
    [TestCase("""{"username": "no-scopes", "password": "correct horse battery"}""")]
    [TestCase("""{"username": "x", "password": "correct horse battery", "scopes": ["invoke"], "admin": true}""")]
    public async Task Create_BadBody_Returns400(string json)
    {
        using var response = await Admin.PostAsync("users", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await AssertErrorAsync(response, 400, "bad_request");
    }

    [Test]
    public async Task Create_TakenUsername_Returns409()
    {
        var username = UniqueName("dup");
        await CreateUserAsync(AdminKey, username, "default", "invoke");

        using var again = await Client(PlatformKey).PostAsJsonAsync("users", new { username, password = Password, @namespace = "team-a", scopes = new[] { "invoke" } });

        await AssertErrorAsync(again, 409, "conflict");
    }

    [Test]
    public async Task Put_NewPassword_OldPasswordAndOldTokensStopWorking()
    {
        var username = UniqueName("rotate");
        await CreateUserAsync(AdminKey, username, "default", "invoke", "manage");
        var token = await TokenAsync(username);

        using var put = await Admin.PutAsJsonAsync($"users/{username}", new { password = "a brand new passphrase" });
        using var oldToken = await TokenClient(token).GetAsync("functions");
        using var oldPassword = await LoginAsync(username);
        var newToken = await TokenAsync(username, "a brand new passphrase");
        using var fresh = await TokenClient(newToken).GetAsync("functions");

        Assert.That((int)put.StatusCode, Is.EqualTo(200));
        await AssertErrorAsync(oldToken, 401, "unauthorized");
        await AssertErrorAsync(oldPassword, 401, "unauthorized");
        Assert.That((int)fresh.StatusCode, Is.EqualTo(200));
    }
}
