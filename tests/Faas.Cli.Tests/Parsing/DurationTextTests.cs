using Faas.Cli.Parsing;
using NUnit.Framework;

namespace Faas.Cli.Tests.Parsing;

[TestFixture]
public sealed class DurationTextTests
{
    [TestCase("500ms", 0.5)]
    [TestCase("10s", 10)]
    [TestCase("2m", 120)]
    [TestCase("1h", 3600)]
    [TestCase("1.5", 1.5)]
    public void TryParse_Valid_Seconds(string text, double seconds)
    {
        Assert.That(DurationText.TryParse(text, out var value), Is.True);
        Assert.That(value, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }

    [TestCase("")]
    [TestCase("soon")]
    [TestCase("-5s")]
    [TestCase("1e308h")]
    [TestCase("10 parsecs")]
    public void TryParse_Invalid_False(string text)
    {
        Assert.That(DurationText.TryParse(text, out _), Is.False);
    }
}
