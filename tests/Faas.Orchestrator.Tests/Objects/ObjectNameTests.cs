using Faas.Orchestrator.Objects;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Objects;

[TestFixture]
public sealed class ObjectNameTests
{
    [TestCase("data.csv")]
    [TestCase("model v2 (final).bin")]
    [TestCase(".hidden")]
    [TestCase("...")]
    [TestCase("données-ü-日本")]
    [TestCase("back\\slash")]
    public void Problem_SafeName_Null(string name) => Assert.That(ObjectName.Problem(name), Is.Null);

    [TestCase("")]
    [TestCase(".")]
    [TestCase("..")]
    [TestCase("a/b")]
    [TestCase("/etc/passwd")]
    [TestCase("../x")]
    [TestCase("nul\0byte")]
    public void Problem_UnsafeName_SaysTheRule(string name) => Assert.That(ObjectName.Problem(name), Does.Contain(ObjectName.Rule));

    [Test]
    public void Problem_LengthInUtf8Bytes_255AllowedAbove()
    {
        Assert.That(ObjectName.Problem(new string('a', 255)), Is.Null);
        Assert.That(ObjectName.Problem(new string('a', 256)), Does.Contain("256 bytes"));
        // 128 two-byte characters: 128 characters, 256 bytes.
        Assert.That(ObjectName.Problem(new string('é', 128)), Does.Contain("256 bytes"));
    }

    [Test]
    public void Problem_LoneSurrogate_Refused() => Assert.That(ObjectName.Problem("a\ud800b"), Does.Contain("UTF-8"));
}
