using NUnit.Framework;

namespace Faas.Gateway.Tests.Metrics;

[TestFixture]
public sealed class PromQlTests
{
    [Test]
    public void Uses_RatioOfAggregations_EachSelectorWithItsMatchers()
    {
        var uses = PromQl.Uses("""sum(rate(function_errors_total{instance=~"$instance",function=~"$function"}[$__rate_interval])) / clamp_min(sum(rate(function_invocations_total{status="no_capacity"}[5m])), 1e-9)""");

        Assert.That(uses.Select(u => u.Metric), Is.EqualTo(new[] { "function_errors_total", "function_invocations_total" }));
        Assert.That(uses[0].Labels, Is.EquivalentTo(new[] { "instance", "function" }));
        Assert.That(uses[1].Labels, Is.EquivalentTo(new[] { "status" }));
    }

    [Test]
    public void Uses_GroupingAndQuantile_GroupingLabelsApplyToTheSelector()
    {
        var uses = PromQl.Uses("""histogram_quantile(0.95, sum by (function, le) (rate(function_duration_seconds_bucket{instance=~"a,b}"}[1m])))""");

        Assert.That(uses, Has.Count.EqualTo(1));
        Assert.That(uses[0].Metric, Is.EqualTo("function_duration_seconds_bucket"));
        Assert.That(uses[0].Labels, Is.EquivalentTo(new[] { "function", "le", "instance" }));
    }

    [Test]
    public void Uses_GrafanaLabelValues_TheLabelBelongsToTheSelector()
    {
        var uses = PromQl.Uses("""label_values(function_invocations_total{instance=~"$instance"}, function)""");

        Assert.That(uses, Has.Count.EqualTo(1));
        Assert.That(uses[0].Labels, Is.EquivalentTo(new[] { "instance", "function" }));
    }

    [Test]
    public void Uses_BareName_NoLabels()
    {
        var use = PromQl.Uses("process_resident_memory_bytes").Single();

        Assert.That(use.Metric, Is.EqualTo("process_resident_memory_bytes"));
        Assert.That(use.Labels, Is.Empty);
    }
}
