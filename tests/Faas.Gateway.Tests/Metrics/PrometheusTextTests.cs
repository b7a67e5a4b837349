using Faas.Gateway.Metrics;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Metrics;

[TestFixture]
public sealed class PrometheusTextTests
{
    [TestCase("function_invocations_total", null, "Counter", "function_invocations_total")]
    [TestCase("faas.invocations", null, "Counter", "faas_invocations_total")]
    [TestCase("request.duration", "s", "Histogram", "request_duration_seconds")]
    [TestCase("function_duration_seconds", "s", "Histogram", "function_duration_seconds")]
    [TestCase("heap", "By", "Gauge", "heap_bytes")]
    [TestCase("cpu_total", "s", "Counter", "cpu_seconds_total")]
    [TestCase("2xx", null, "Gauge", "_2xx")]
    public void FamilyName_InstrumentName_FollowsPrometheusRules(string instrument, string? unit, string kind, string expected) =>
        Assert.That(InstrumentState.FamilyName(instrument, unit, Enum.Parse<MetricKind>(kind)), Is.EqualTo(expected));

    [TestCase(1.0, "1")]
    [TestCase(0.005, "0.005")]
    [TestCase(double.PositiveInfinity, "+Inf")]
    [TestCase(double.NegativeInfinity, "-Inf")]
    [TestCase(double.NaN, "NaN")]
    public void Number_Value_UsesPrometheusSpelling(double value, string expected) =>
        Assert.That(PrometheusText.Number(value), Is.EqualTo(expected));

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
