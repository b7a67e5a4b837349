using Faas.Gateway.Configuration;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Configuration;

[TestFixture]
public sealed class QuantitiesTests
{
    [TestCase("256Mi", 256L << 20)]
    [TestCase("1Gi", 1L << 30)]
    [TestCase("64Ki", 64L << 10)]
    [TestCase("2Ti", 2L << 40)]
    [TestCase("1K", 1000L)]
    [TestCase("1k", 1000L)]
    [TestCase("500M", 500_000_000L)]
    [TestCase("2G", 2_000_000_000L)]
    [TestCase("1048576", 1048576L)]
    [TestCase("100B", 100L)]
    [TestCase("1.5Gi", 3L << 29)]
    [TestCase("  128Mi  ", 128L << 20)]
    [TestCase("0", 0L)]
    public void TryParseMemory_ValidQuantity_ReturnsBytes(string text, long expected)
    {
        Assert.That(Quantities.TryParseMemory(text, out var bytes), Is.True);
        Assert.That(bytes, Is.EqualTo(expected));
    }

    [TestCase("12Zi")]
    [TestCase("256mi")]
    [TestCase("256MB")]
    [TestCase("-1Mi")]
    [TestCase("Mi")]
    [TestCase("")]
    [TestCase("1 Gi")]
    [TestCase("1e9")]
    [TestCase("0x100")]
    [TestCase("1,5Gi")]
    [TestCase("256Mii")]
    [TestCase(null)]
    public void TryParseMemory_Invalid_ReturnsFalse(string? text)
    {
        Assert.That(Quantities.TryParseMemory(text, out _), Is.False);
    }

    [Test]
    public void TryParseMemory_BeyondHalfOfLongMax_ReturnsFalse()
    {
        Assert.That(Quantities.TryParseMemory("8000000Ti", out _), Is.False);
    }

    [Test]
    public void TryParseMemory_NumberThatOverflowsWhenScaled_ReturnsFalse()
    {
        // 28 digits parse as a decimal; multiplying by 2^40 overflows decimal. A Try method must not throw.
        Assert.That(Quantities.TryParseMemory("9999999999999999999999999999Ti", out _), Is.False);
    }

    [TestCase(1L << 30, "1Gi")]
    [TestCase(256L << 20, "256Mi")]
    [TestCase(3L << 10, "3Ki")]
    [TestCase(1000L, "1000")]
    public void FormatMemory_Bytes_UsesLargestExactBinaryUnit(long bytes, string expected)
    {
        Assert.That(Quantities.FormatMemory(bytes), Is.EqualTo(expected));
    }

    [TestCase("100m", 100)]
    [TestCase("1500m", 1500)]
    [TestCase("0.5", 500)]
    [TestCase("2", 2000)]
    [TestCase("0.25", 250)]
    [TestCase("1024", 1_024_000)]
    [TestCase(" 250m ", 250)]
    public void TryParseCpu_ValidQuantity_ReturnsMillicores(string text, int expected)
    {
        Assert.That(Quantities.TryParseCpu(text, out var millicores), Is.True);
        Assert.That(millicores, Is.EqualTo(expected));
    }

    [TestCase("-1")]
    [TestCase("-100m")]
    [TestCase("1.5m")]
    [TestCase("m")]
    [TestCase("abc")]
    [TestCase("")]
    [TestCase("1025")]
    [TestCase("100M")]
    [TestCase("99999999999m")]
    [TestCase(null)]
    public void TryParseCpu_Invalid_ReturnsFalse(string? text)
    {
        Assert.That(Quantities.TryParseCpu(text, out _), Is.False);
    }

    [Test]
    public void FormatCpu_Millicores_UsesMSuffix()
    {
        Assert.That(Quantities.FormatCpu(250), Is.EqualTo("250m"));
    }

    [TestCase("30", 30_000)]
    [TestCase("30s", 30_000)]
    [TestCase("500ms", 500)]
    [TestCase("2m", 120_000)]
    [TestCase("1h", 3_600_000)]
    [TestCase("1.5", 1_500)]
    [TestCase("0", 0)]
    [TestCase(" 10 ", 10_000)]
    public void TryParseDuration_ValidDuration_ReturnsTimeSpan(string text, int expectedMilliseconds)
    {
        Assert.That(Quantities.TryParseDuration(text, out var duration), Is.True);
        Assert.That(duration, Is.EqualTo(TimeSpan.FromMilliseconds(expectedMilliseconds)));
    }

    [TestCase("-5")]
    [TestCase("-1s")]
    [TestCase("1d")]
    [TestCase("5 s")]
    [TestCase("ms")]
    [TestCase("")]
    [TestCase("thirty")]
    [TestCase("1e3")]
    [TestCase("10S")]
    [TestCase("31d")]
    [TestCase("721h")]
    [TestCase("99999999999999999999h")]
    [TestCase(null)]
    public void TryParseDuration_Invalid_ReturnsFalse(string? text)
    {
        Assert.That(Quantities.TryParseDuration(text, out _), Is.False);
    }

    [Test]
    public void TryParseDuration_ThirtyDays_IsTheLargestAccepted()
    {
        Assert.That(Quantities.TryParseDuration("720h", out var duration), Is.True);
        Assert.That(duration, Is.EqualTo(TimeSpan.FromDays(30)));
    }
}
