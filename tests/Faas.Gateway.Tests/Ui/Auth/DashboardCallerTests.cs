using System.Security.Claims;
using Faas.Gateway.Auth;
using Faas.Gateway.Ui.Auth;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Ui.Auth;

[TestFixture]
public sealed class DashboardCallerTests
{
    [Test]
    public void From_PrincipalOfALimitedKey_SameNameScopesAndFunctions()
    {
        var key = new ApiKey("ci", ApiKey.Hash("k"), Scope.Invoke | Scope.Manage, new HashSet<string> { "a", "b" });

        var caller = DashboardCaller.From(DashboardCaller.Principal(key))!;

        Assert.That((caller.Name, caller.Scopes), Is.EqualTo(("ci", Scope.Invoke | Scope.Manage)));
        Assert.That(caller.Functions, Is.EquivalentTo(new[] { "a", "b" }));
        Assert.That((caller.Allows("a"), caller.Allows("c"), caller.IsAdmin), Is.EqualTo((true, false, false)));
        Assert.That(caller.Deployer, Is.EqualTo(new Faas.Orchestrator.Validation.DeployCaller("ci", false)));
    }

    [Test]
    public void From_AnApiKeyPrincipal_IsNoDashboardSession()
    {
        var key = new ApiKey("admin", ApiKey.Hash("k"), Scope.Admin, null);

        Assert.That(DashboardCaller.From(ApiKeyAuthenticationHandler.Principal(key)), Is.Null);
        Assert.That(DashboardCaller.From(new ClaimsPrincipal(new ClaimsIdentity())), Is.Null);
    }
}
