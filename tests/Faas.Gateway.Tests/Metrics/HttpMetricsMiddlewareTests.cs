using Faas.Gateway.Metrics;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Metrics;

[TestFixture]
public sealed class HttpMetricsMiddlewareTests
{
    [TestCase("GET", "GET")]
    [TestCase("DELETE", "DELETE")]
    [TestCase("BREW", "OTHER")]
    public void Method_AnyMethod_IsBoundedToTheStandardOnes(string method, string expected) =>
        Assert.That(HttpMetricsMiddleware.Method(method), Is.EqualTo(expected));

    [TestCase("/functions/", "/functions")]
    [TestCase("invoke/{name}/{**path}", "/invoke/{name}/{**path}")]
    [TestCase("/", "/")]
    public void Normalize_RouteTemplate_HasOneLeadingAndNoTrailingSlash(string template, string expected) =>
        Assert.That(HttpMetricsMiddleware.Normalize(template), Is.EqualTo(expected));
}
