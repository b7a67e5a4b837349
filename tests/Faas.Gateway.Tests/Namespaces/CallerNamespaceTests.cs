using System.Security.Claims;
using Faas.Gateway.Auth;
using Faas.Gateway.Namespaces;
using Microsoft.AspNetCore.Http;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Namespaces;

[TestFixture]
public sealed class CallerNamespaceTests
{
    private static ClaimsPrincipal Principal(string? ns, bool admin)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, "k"), new(ApiKeyDefaults.ScopeClaim, "manage") };
        if (admin)
        {
            claims.Add(new Claim(ApiKeyDefaults.ScopeClaim, "admin"));
        }

        if (ns is not null)
        {
            claims.Add(new Claim(CallerNamespace.ClaimType, ns));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
    }

    [TestCase(null, false, null, "default")]
    [TestCase(null, true, null, "default")]
    [TestCase("team-a", false, null, "team-a")]
    [TestCase("team-a", true, "team-a", "team-a")]
    [TestCase("default", false, "openfaas-fn", "default")]
    [TestCase("*", true, null, "default")]
    [TestCase("*", true, "team-b", "team-b")]
    [TestCase("*", true, "openfaas-fn", "default")]
    public void Resolve_Reachable_TheNamespace(string? claim, bool admin, string? requested, string expected) =>
        Assert.That(CallerNamespace.Resolve(Principal(claim, admin), requested), Is.EqualTo(expected));

    [TestCase(null, true, "team-b")]
    [TestCase("team-a", true, "team-b")]
    [TestCase("team-a", false, "default")]
    [TestCase("*", false, null)]
    [TestCase("*", false, "team-b")]
    [TestCase("*", true, "Not_A_Name")]
    [TestCase("*", true, "../default")]
    public void Resolve_NotReachable_Null(string? claim, bool admin, string? requested) =>
        Assert.That(CallerNamespace.Resolve(Principal(claim, admin), requested), Is.Null);

    [Test]
    public void IsPlatformAdmin_StarWithAdminScopeOnly_True()
    {
        Assert.That(CallerNamespace.IsPlatformAdmin(Principal("*", admin: true)), Is.True);
        Assert.That(CallerNamespace.IsPlatformAdmin(Principal("*", admin: false)), Is.False);
        Assert.That(CallerNamespace.IsPlatformAdmin(Principal(null, admin: true)), Is.False, "an admin key of default is no platform admin");
        Assert.That(CallerNamespace.IsPlatformAdmin(Principal("team-a", admin: true)), Is.False);
    }

    [Test]
    public void Of_WithoutMiddleware_TheCallersOwn()
    {
        var context = new DefaultHttpContext { User = Principal("team-a", admin: false) };

        Assert.That(CallerNamespace.Of(context), Is.EqualTo("team-a"));
        Assert.That(CallerNamespace.Function(context, "fn"), Is.EqualTo(new Faas.Orchestrator.Namespaces.FunctionKey("team-a", "fn")));
        Assert.That(CallerNamespace.Of(new DefaultHttpContext()), Is.EqualTo("default"), "no principal: default, as before namespaces");
    }
}
