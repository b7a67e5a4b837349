using Faas.Gateway.Cli;
using Faas.Gateway.Configuration;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Configuration;

/// <summary>The <c>system.autoscaling</c> keys (issue 11).</summary>
[TestFixture]
public sealed class AutoscalingReaderTests
{
    private static FaasConfig Parse(string yaml) =>
        ConfigLoader.Parse(yaml, "test.yaml", Path.GetTempPath(), new Dictionary<string, string?>(), new CommandLine());

    [Test]
    public void Parse_NoAutoscalingSection_KnativeDefaults()
    {
        var scaling = Parse("system:\n  logging_level: INFO\n").Platform.Autoscaling;

        Assert.That(scaling.StableWindow, Is.EqualTo(TimeSpan.FromSeconds(60)));
        Assert.That(scaling.PanicWindow, Is.EqualTo(TimeSpan.FromSeconds(6)));
        Assert.That(scaling.PanicThreshold, Is.EqualTo(2.0));
        Assert.That(scaling.TargetUtilization, Is.EqualTo(0.7));
        Assert.That(scaling.ScaleDownDelay, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(scaling.Cores, Is.Zero);
    }

    [Test]
    public void Parse_EveryKey_IsApplied()
    {
        const string yaml = """
            system:
              autoscaling:
                stable_window: 2m
                panic_window: 10
                panic_threshold: 3.5
                target_utilization: 0.5
                scale_down_delay: 0
                cores: 4
            """;

        var scaling = Parse(yaml).Platform.Autoscaling;

        Assert.That(scaling.StableWindow, Is.EqualTo(TimeSpan.FromMinutes(2)));
        Assert.That(scaling.PanicWindow, Is.EqualTo(TimeSpan.FromSeconds(10)));
        Assert.That(scaling.PanicThreshold, Is.EqualTo(3.5));
        Assert.That(scaling.TargetUtilization, Is.EqualTo(0.5));
        Assert.That(scaling.ScaleDownDelay, Is.EqualTo(TimeSpan.Zero));
        Assert.That(scaling.Cores, Is.EqualTo(4));
    }

    [Test]
    public void Parse_BadValues_EveryOneReported()
    {
        const string yaml = """
            system:
              autoscaling:
                stable_window: 5
                panic_window: 10
                panic_threshold: 0.5
                target_utilization: 2
                surge: 3
            """;

        var errors = Assert.Throws<ConfigException>(() => Parse(yaml))!.Errors;

        Assert.That(errors, Has.Some.Contains("panic_threshold"));
        Assert.That(errors, Has.Some.Contains("target_utilization"));
        Assert.That(errors, Has.Some.Contains("panic_window"));
        Assert.That(errors, Has.Some.Contains("surge"));
    }
}
