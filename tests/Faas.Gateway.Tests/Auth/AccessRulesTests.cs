using Faas.Gateway.Auth;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Auth;

[TestFixture]
public sealed class AccessRulesTests
{
    private static ApiKey Key(Scope scopes, string ns, IReadOnlySet<string>? functions = null) => new("k", [], scopes, functions) { Namespace = ns };

    [TestCase(4, "team-a", "team-a", true)]
    [TestCase(4, "team-a", "default", false)]
    [TestCase(4, "*", "team-a", true)]
    [TestCase(2, "*", "team-a", false)]
    [TestCase(3, "team-a", "team-a", false)]
    public void MayAdminister_CallerAndNamespace_Decides(int scopes, string callerNs, string ns, bool expected)
    {
        Assert.That(AccessRules.MayAdminister(Key((Scope)scopes, callerNs), ns), Is.EqualTo(expected));
    }

    [Test]
    public void Exceeds_ScopesBeyondTheCallers_NamesThem()
    {
        var caller = Key(Scope.Admin | Scope.Manage, "team-a");

        Assert.That(AccessRules.Exceeds(caller, Scope.Manage, null), Is.Null);
        Assert.That(AccessRules.Exceeds(caller, Scope.Invoke | Scope.Manage, null), Does.Contain("invoke"));
    }

    [Test]
    public void Exceeds_FunctionLimitedCaller_MustLimitTheNewKeyToItsFunctions()
    {
        var caller = Key(Scope.Admin | Scope.Invoke, "team-a", new HashSet<string> { "a", "b" });

        Assert.That(AccessRules.Exceeds(caller, Scope.Invoke, ["a"]), Is.Null);
        Assert.That(AccessRules.Exceeds(caller, Scope.Invoke, null), Is.Not.Null);
        Assert.That(AccessRules.Exceeds(caller, Scope.Invoke, ["a", "c"]), Is.Not.Null);
    }
}
