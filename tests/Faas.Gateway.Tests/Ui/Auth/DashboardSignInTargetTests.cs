using Faas.Gateway.Ui.Auth;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Ui.Auth;

[TestFixture]
public sealed class DashboardSignInTargetTests
{
    [TestCase(null, "/ui")]
    [TestCase("", "/ui")]
    [TestCase("/ui", "/ui")]
    [TestCase("/ui/functions/hello", "/ui/functions/hello")]
    [TestCase("/ui?x=1", "/ui?x=1")]
    [TestCase("/uix", "/ui")]
    [TestCase("//evil.example/ui", "/ui")]
    [TestCase("https://evil.example/ui", "/ui")]
    [TestCase("/ui//evil.example", "/ui")]
    [TestCase("/ui/\\evil", "/ui")]
    [TestCase("/functions", "/ui")]
    [TestCase("/_blazor/negotiate", "/ui")]
    public void ReturnTarget_Requested_OnlyDashboardPaths(string? requested, string expected) =>
        Assert.That(DashboardSignIn.ReturnTarget(requested), Is.EqualTo(expected));
}
