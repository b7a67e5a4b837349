using Faas.Orchestrator.Storage;
using Faas.Orchestrator.Validation;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Validation;

[TestFixture]
public sealed class AliasRulesTests
{
    [TestCase("prod")]
    [TestCase("canary-2")]
    [TestCase("v3")]
    public void NameProblem_ValidName_Null(string name) => Assert.That(AliasRules.NameProblem(name), Is.Null);

    [TestCase("3", "number")]
    [TestCase("007", "number")]
    [TestCase("Prod", "lowercase")]
    [TestCase("a@b", "lowercase")]
    [TestCase("", "required")]
    public void NameProblem_Invalid_Explained(string name, string why) => Assert.That(AliasRules.NameProblem(name), Does.Contain(why));

    [Test]
    public void RoutesProblem_WeightsSumTo100_Null() =>
        Assert.That(AliasRules.RoutesProblem([new AliasRoute(3, 90), new AliasRoute(4, 10)]), Is.Null);

    [Test]
    public void RoutesProblem_NegativeWeight_Refused() =>
        Assert.That(AliasRules.RoutesProblem([new AliasRoute(3, 50), new AliasRoute(4, -10), new AliasRoute(5, 60)]), Does.Contain("-10"));

    [Test]
    public void RoutesProblem_SumNot100_RefusedWithTheSum() =>
        Assert.That(AliasRules.RoutesProblem([new AliasRoute(3, 50), new AliasRoute(4, 40)]), Does.Contain("sum to 90"));

    [Test]
    public void RoutesProblem_SameVersionTwice_Refused() =>
        Assert.That(AliasRules.RoutesProblem([new AliasRoute(3, 50), new AliasRoute(3, 50)]), Does.Contain("once"));

    [Test]
    public void RoutesProblem_None_Refused() => Assert.That(AliasRules.RoutesProblem([]), Does.Contain("1 to"));

    [TestCase("12", true)]
    [TestCase("prod", true)]
    [TestCase("0", false)]
    [TestCase("-1", false)]
    [TestCase("PROD", false)]
    [TestCase("a/b", false)]
    public void QualifierProblem_VersionOrAliasName_AcceptedOtherwiseRefused(string qualifier, bool accepted) =>
        Assert.That(AliasRules.QualifierProblem(qualifier) is null, Is.EqualTo(accepted));
}
