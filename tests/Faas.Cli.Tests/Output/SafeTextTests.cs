using Faas.Cli.Output;
using NUnit.Framework;

namespace Faas.Cli.Tests.Output;

[TestFixture]
public sealed class SafeTextTests
{
    [TestCase("\u001b]0;owned\u0007title", "?]0;owned?title")]
    [TestCase("line\rover", "line?over")]
    [TestCase("a\tb", "a\tb")]
    [TestCase("plain ünïcode", "plain ünïcode")]
    [TestCase("\u009b31m", "?31m")]
    public void Clean_ControlCharacters_Replaced(string text, string expected)
    {
        Assert.That(SafeText.Clean(text), Is.EqualTo(expected));
    }
}
