using Faas.Gateway.Ui.Actions;
using Faas.Orchestrator.Configuration;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Ui.Actions;

[TestFixture]
public sealed class ConfigTextTests
{
    [Test]
    public void Format_ThenParse_SameSettings()
    {
        var settings = new FunctionSettings { Timeout = TimeSpan.FromSeconds(12), MemoryBytes = 128L << 20, Environment = new Dictionary<string, string> { ["A"] = "1" } };

        var (parsed, errors) = ConfigText.Parse(ConfigText.Format(settings), new FunctionSettings());

        Assert.That(errors, Is.Empty);
        Assert.That(parsed!.Timeout, Is.EqualTo(settings.Timeout));
        Assert.That(parsed.MemoryBytes, Is.EqualTo(settings.MemoryBytes));
        Assert.That(parsed.Environment, Is.EquivalentTo(settings.Environment));
    }

    [Test]
    public void Parse_SomeKeys_MergedIntoTheBaselineLikeRest()
    {
        var baseline = new FunctionSettings { MaxInstances = 3 };

        var (parsed, _) = ConfigText.Parse("{\"timeout\": 5}", baseline);

        Assert.That((parsed!.Timeout, parsed.MaxInstances), Is.EqualTo((TimeSpan.FromSeconds(5), 3)));
    }

    [TestCase("{\"timeout\": 5, \"colour\": \"red\"}", "unknown key 'colour'")]
    [TestCase("{\"memory\": \"lots\"}", "memory")]
    [TestCase("[1]", "JSON object")]
    [TestCase("{\"timeout\": ", "not valid JSON")]
    public void Parse_BadConfig_EveryProblemNamed(string text, string expected)
    {
        var (parsed, errors) = ConfigText.Parse(text, new FunctionSettings());

        Assert.That(parsed, Is.Null);
        Assert.That(string.Join("; ", errors), Does.Contain(expected));
    }

    [Test]
    public void Parse_Blank_KeepsTheBaseline()
    {
        var baseline = new FunctionSettings { Concurrency = 2 };

        Assert.That(ConfigText.Parse("  ", baseline).Settings, Is.SameAs(baseline));
    }
}
