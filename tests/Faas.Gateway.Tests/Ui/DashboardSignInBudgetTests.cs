using System.Net;
using Faas.Gateway.Tests.EndToEnd;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Ui;

/// <summary>The sign-in form is no key-guessing oracle: it spends the same failed-authentication budget as the API.</summary>
[TestFixture]
public sealed class DashboardSignInBudgetTests : GatewayTestBase
{
    protected override bool InProcess => true;

    protected override string ExtraYaml => """
        rate_limit:
          auth_failures: { per_minute: 1, burst: 2 }
        """;

    [Test]
    public async Task SignIn_BudgetUsedUpByWrongKeys_RightKeyRefusedUnseenAndTheApiRefusesToo()
    {
        var browser = new BrowserSession(Gateway.Client());

        using var first = await browser.SignInAsync("wrong-guess-number-1");
        using var second = await browser.SignInAsync("wrong-guess-number-2");
        using var right = await browser.SignInAsync(AdminKey);
        using var api = await Admin.GetAsync("functions");

        Assert.That(first.Headers.Location?.OriginalString, Is.EqualTo("/ui/login?error=invalid"));
        Assert.That(second.Headers.Location?.OriginalString, Is.EqualTo("/ui/login?error=invalid"));
        Assert.That(right.Headers.Location?.OriginalString, Does.StartWith("/ui/login?error=throttled&retry="));
        Assert.That(browser.Has("faas_dashboard"), Is.False);
        Assert.That(api.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "one budget for the API and the dashboard");
    }
}
