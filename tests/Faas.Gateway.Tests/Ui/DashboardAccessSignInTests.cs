using System.Net;
using System.Net.Http.Json;
using Faas.Gateway.Tests.Behaviour;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Ui;

/// <summary>The dashboard's sign-in with a username and password, or with a key made over REST; the session ends with the user or the key.</summary>
[TestFixture]
public sealed class DashboardAccessSignInTests : AccessTestBase
{
    private BrowserSession Browser() => new(Gateway.Client());

    private static string? Location(HttpResponseMessage response) => response.Headers.Location?.OriginalString;

    [Test]
    public async Task LoginPage_OffersKeyAndUserForms()
    {
        var page = await Browser().PageAsync("/ui/login");

        Assert.That(page, Does.Contain("name=\"key\"").And.Contain("name=\"username\"").And.Contain("name=\"password\""));
    }

    [Test]
    public async Task SignIn_UserAndPassword_OpensTheDashboard()
    {
        var username = UniqueName("ui-user");
        await CreateUserAsync(AdminKey, username, "default", "invoke", "manage");
        var browser = Browser();

        using var response = await browser.SignInAsUserAsync(username, Password);
        var overview = await browser.PageAsync("/ui");

        Assert.That(Location(response), Is.EqualTo("/ui"));
        Assert.That(browser.Has("faas_dashboard"), Is.True);
        Assert.That(overview, Does.Contain("user:" + username), "the layout names who signed in");
        Assert.That(string.Join("\n", browser.SetCookies), Does.Not.Contain(Password));
    }

    [Test]
    public async Task SignIn_WrongPassword_RefusedWithoutSession()
    {
        var username = UniqueName("ui-wrong");
        await CreateUserAsync(AdminKey, username, "default", "manage");
        var browser = Browser();

        using var response = await browser.SignInAsUserAsync(username, "not the password at all");

        Assert.That(Location(response), Is.EqualTo("/ui/login?error=invalid"));
        Assert.That(browser.Has("faas_dashboard"), Is.False);
    }

    [Test]
    public async Task Session_OfUserDisabledAfterSignIn_EndsAtOnce()
    {
        var username = UniqueName("ui-off");
        await CreateUserAsync(AdminKey, username, "default", "manage");
        var browser = Browser();
        (await browser.SignInAsUserAsync(username, Password)).Dispose();
        using var before = await browser.GetAsync("/ui");

        using var disable = await Admin.PutAsJsonAsync($"users/{username}", new { disabled = true });
        using var after = await browser.GetAsync("/ui");

        Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((int)disable.StatusCode, Is.EqualTo(200));
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(Location(after), Does.Contain("/ui/login"));
    }

    [Test]
    public async Task Session_OfMadeKey_WorksUntilTheKeyIsRevoked()
    {
        var name = UniqueName("ui-key");
        var key = await CreateKeyAsync(AdminKey, "default", new { name, scopes = new[] { "invoke", "manage" } });
        var browser = Browser();

        using var signIn = await browser.SignInAsync(key);
        using var before = await browser.GetAsync("/ui");
        using var revoke = await Admin.DeleteAsync($"namespaces/default/keys/{name}");
        using var after = await browser.GetAsync("/ui");

        Assert.That(Location(signIn), Is.EqualTo("/ui"));
        Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((int)revoke.StatusCode, Is.EqualTo(204));
        Assert.That(Location(after), Does.Contain("/ui/login"));
    }
}
