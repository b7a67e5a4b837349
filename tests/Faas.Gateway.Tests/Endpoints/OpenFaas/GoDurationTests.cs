using Faas.Gateway.Endpoints.OpenFaas;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Endpoints.OpenFaas;

public sealed class GoDurationTests
{
    [TestCase("15m", 900_000)]
    [TestCase("1h30m", 5_400_000)]
    [TestCase("90s", 90_000)]
    [TestCase("500ms", 500)]
    [TestCase("1.5s", 1_500)]
    [TestCase("0", 0)]
    public void TryParse_GoDuration_Parses(string text, long milliseconds)
    {
        Assert.That(GoDuration.TryParse(text, out var duration), Is.True);
        Assert.That(duration.TotalMilliseconds, Is.EqualTo(milliseconds));
    }

    [TestCase("")]
    [TestCase("15")]
    [TestCase("15 m")]
    [TestCase("m15")]
    [TestCase("-5s")]
    [TestCase("1d")]
    [TestCase("99999999999999999h")]
    public void TryParse_NotAGoDuration_Refused(string text) => Assert.That(GoDuration.TryParse(text, out _), Is.False);
}
