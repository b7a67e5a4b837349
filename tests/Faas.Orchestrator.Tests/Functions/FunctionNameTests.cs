using Faas.Orchestrator.Functions;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Functions;

[TestFixture]
public sealed class FunctionNameTests
{
    [TestCase("a")]
    [TestCase("7")]
    [TestCase("hello")]
    [TestCase("example-function")]
    [TestCase("a-b-c-1-2-3")]
    [TestCase("0day")]
    [TestCase("a--b")]
    public void IsValid_DnsLabel_ReturnsTrue(string name)
    {
        Assert.That(FunctionName.IsValid(name), Is.True);
    }

    [Test]
    public void IsValid_Exactly63Characters_ReturnsTrue()
    {
        Assert.That(FunctionName.IsValid(new string('a', 63)), Is.True);
    }

    [Test]
    public void IsValid_64Characters_ReturnsFalse()
    {
        Assert.That(FunctionName.IsValid(new string('a', 64)), Is.False);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase(" ")]
    [TestCase("Hello")]
    [TestCase("HELLO")]
    [TestCase("hello_world")]
    [TestCase("hello.world")]
    [TestCase("..")]
    [TestCase("../etc")]
    [TestCase("a/b")]
    [TestCase("/hello")]
    [TestCase("a\\b")]
    [TestCase("-hello")]
    [TestCase("hello-")]
    [TestCase("-")]
    [TestCase("hello world")]
    [TestCase("hello%20")]
    [TestCase("\u0430pple")] // Cyrillic 'а'
    [TestCase("h\u0435llo")] // Cyrillic 'е'
    [TestCase("ﬁle")] // Latin ligature 'ﬁ'
    [TestCase("caf\u00e9")]
    [TestCase("\uff48ello")] // fullwidth 'ｈ'
    [TestCase("hello\u200b")] // zero-width space
    [TestCase("hel\0lo")]
    public void IsValid_NotADnsLabel_ReturnsFalse(string? name)
    {
        Assert.That(FunctionName.IsValid(name), Is.False);
    }

    [TestCase("hello\n")]
    [TestCase("hello\r\n")]
    public void IsValid_TrailingNewline_ReturnsFalse(string name)
    {
        // '$' in a .NET regex also matches just before a final '\n'; a name must not smuggle one in.
        Assert.That(FunctionName.IsValid(name), Is.False);
    }

    [TestCase(null)]
    [TestCase("")]
    public void Problem_Empty_SaysANameIsRequired(string? name)
    {
        Assert.That(FunctionName.Problem(name), Does.Contain("required"));
    }

    [Test]
    public void Problem_TooLong_SaysTheLimit()
    {
        Assert.That(FunctionName.Problem(new string('a', 64)), Does.Contain("63"));
    }

    [TestCase("Hello")]
    [TestCase("-a")]
    [TestCase("\u0430")]
    public void Problem_BadCharacters_DescribesTheAlphabet(string name)
    {
        Assert.That(FunctionName.Problem(name), Does.Contain("lowercase ASCII letters, digits and '-'"));
    }
}
