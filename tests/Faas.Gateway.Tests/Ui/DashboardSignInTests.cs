using System.Net;
using System.Net.Http.Json;
using Faas.Gateway.Tests.EndToEnd;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Ui;

/// <summary>Signing in to the dashboard and what each kind of key then sees, on the gateway's own composition (test server).</summary>
[TestFixture]
public sealed class DashboardSignInTests : GatewayTestBase
{
    private const string RestrictedKey = "restricted-ui-key-1";
    private const string Allowed = "ui-allowed";
    private const string Other = "ui-other";

    protected override bool InProcess => true;

    protected override string ExtraYaml => $$"""
            - { key: {{RestrictedKey}}, scopes: [invoke, manage], functions: [{{Allowed}}], name: restricted }
        """;

    [OneTimeSetUp]
    public async Task DeployAsync()
    {
        await DeployOkAsync(Allowed, "object Handle(FaasRequest r) => \"allowed\";");
        await DeployOkAsync(Other, "object Handle(FaasRequest r) => \"other\";");
        using var secret = await Admin.PostAsJsonAsync("secrets", new { name = "ui-db-password", value = "value-never-shown-1234" });
        Assert.That((int)secret.StatusCode, Is.EqualTo(201), await secret.Content.ReadAsStringAsync());
    }

    private BrowserSession Browser() => new(Gateway.Client());

    private static string? Location(HttpResponseMessage response) => response.Headers.Location?.OriginalString;

    [Test]
    public async Task Ui_WithoutSession_RedirectsToTheSignInForm()
    {
        using var response = await Browser().GetAsync("/ui/functions/" + Allowed);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(Location(response), Does.Contain("/ui/login?ReturnUrl=%2Fui%2Ffunctions%2F" + Allowed));
    }

    [Test]
    public async Task SignIn_ValidKey_SessionCookieIsHttpOnlyStrictAndEndsWithTheBrowser()
    {
        var browser = Browser();

        using var response = await browser.SignInAsync(ManageKey);
        var session = browser.SetCookies.Single(c => c.StartsWith("faas_dashboard=", StringComparison.Ordinal));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(Location(response), Is.EqualTo("/ui"));
        Assert.That(session, Does.Contain("httponly").IgnoreCase.And.Contain("samesite=strict").IgnoreCase);
        Assert.That(session, Does.Not.Contain("expires=").IgnoreCase.And.Not.Contain("max-age").IgnoreCase, "a session cookie, not a persistent one");
        Assert.That(session, Does.Not.Contain(ManageKey));
        var page = await browser.PageAsync("/ui");
        Assert.That(page, Does.Contain("data-function=\"" + Allowed + "\"").And.Contain("data-function=\"" + Other + "\""));
        Assert.That(page, Does.Not.Contain(ManageKey));
    }

    [Test]
    public async Task SignIn_WithoutAntiforgeryToken_StartsNoSession()
    {
        var browser = Browser();
        await browser.TokenAsync();

        using var response = await browser.PostFormAsync("/ui/session", ("key", AdminKey), ("return_url", "/ui"));

        Assert.That(Location(response), Is.EqualTo("/ui/login?error=expired"));
        Assert.That(browser.Has("faas_dashboard"), Is.False);
    }

    [Test]
    public async Task SignIn_WrongKey_RefusedWithoutSession()
    {
        var browser = Browser();

        using var response = await browser.SignInAsync("not-a-configured-key");

        Assert.That(Location(response), Is.EqualTo("/ui/login?error=invalid"));
        Assert.That(browser.Has("faas_dashboard"), Is.False);
        Assert.That(Gateway.Output, Does.Contain("Dashboard sign-in failed").And.Not.Contain("not-a-configured-key"));
    }

    [Test]
    public async Task Overview_FunctionLimitedKey_ListsOnlyItsFunctions()
    {
        var browser = Browser();
        (await browser.SignInAsync(RestrictedKey)).Dispose();

        var overview = await browser.PageAsync("/ui");
        var other = await browser.PageAsync("/ui/functions/" + Other);
        var mine = await browser.PageAsync("/ui/functions/" + Allowed);

        Assert.That(overview, Does.Contain("data-function=\"" + Allowed + "\"").And.Not.Contain(Other));
        Assert.That(other, Does.Contain("No such function, or this key may not see it").And.Not.Contain("data-editor"));
        Assert.That(mine, Does.Contain("data-editor").And.Contain("data-invoke-console"));
    }

    [Test]
    public async Task Ui_InvokeOnlyKey_GetsTheInvokeConsoleOnly()
    {
        var browser = Browser();
        (await browser.SignInAsync(InvokeKey)).Dispose();

        using var overview = await browser.GetAsync("/ui");
        var console = await browser.PageAsync("/ui/invoke");
        var function = await browser.PageAsync("/ui/functions/" + Allowed);
        var platform = await browser.PageAsync("/ui/admin");

        Assert.That(overview.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(Location(overview), Does.EndWith("/ui/invoke"));
        Assert.That(console, Does.Contain("data-invoke-console").And.Not.Contain(">New function<"));
        Assert.That(function, Does.Not.Contain("data-editor"));
        Assert.That(platform, Does.Contain("need a key with the admin scope").And.Not.Contain("ui-db-password"));
    }

    [Test]
    public async Task Platform_AdminKey_SeesSecretNamesNeverValues()
    {
        var admin = Browser();
        var manager = Browser();
        (await admin.SignInAsync(AdminKey)).Dispose();
        (await manager.SignInAsync(ManageKey)).Dispose();

        var asAdmin = await admin.PageAsync("/ui/admin");
        var asManager = await manager.PageAsync("/ui/admin");

        Assert.That(asAdmin, Does.Contain("ui-db-password").And.Contain("data-instances-table").And.Contain("data-nodes"));
        Assert.That(asAdmin, Does.Not.Contain("value-never-shown-1234"));
        Assert.That(asManager, Does.Not.Contain("ui-db-password").And.Not.Contain("data-instances-table"));
    }

    [Test]
    public async Task Api_WithOnlyTheDashboardSession_Returns401()
    {
        var browser = Browser();
        (await browser.SignInAsync(AdminKey)).Dispose();

        using var request = new HttpRequestMessage(HttpMethod.Get, "functions");
        request.Headers.Add("Cookie", "faas_dashboard=" + browser.Cookie("faas_dashboard"));
        using var response = await Gateway.Client().SendAsync(request);

        await AssertErrorAsync(response, 401, "unauthorized");
    }

    [Test]
    public async Task SignOut_WithToken_ClearsTheSession()
    {
        var browser = Browser();
        (await browser.SignInAsync(ManageKey)).Dispose();
        var token = await browser.TokenAsync("/ui");

        using var response = await browser.PostFormAsync("/ui/logout", ("__RequestVerificationToken", token));
        using var after = await browser.GetAsync("/ui");

        Assert.That(Location(response), Is.EqualTo("/ui/login"));
        Assert.That(browser.Has("faas_dashboard"), Is.False);
        Assert.That(Location(after), Does.Contain("/ui/login"));
    }

    [Test]
    public async Task SignOut_WithoutToken_KeepsTheSession()
    {
        var browser = Browser();
        (await browser.SignInAsync(ManageKey)).Dispose();

        using var response = await browser.PostFormAsync("/ui/logout");

        Assert.That(browser.Has("faas_dashboard"), Is.True);
        Assert.That((await browser.GetAsync("/ui")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
