using System.Text;
using Faas.Orchestrator.Runtime;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Runtime;

public sealed class RegistryCredentialTests
{
    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Test]
    public void Parse_DockerConfigAuth_SplitsAtTheFirstColon()
    {
        Assert.That(RegistryCredential.Parse(B64("robot:pa:ss"), base64: true), Is.EqualTo(new RegistryCredential("robot", "pa:ss")));
        Assert.That(RegistryCredential.Parse("robot:secret\n", base64: false), Is.EqualTo(new RegistryCredential("robot", "secret")));
    }

    [TestCase("%%%")]
    [TestCase("")]
    public void Parse_NotBase64_Null(string text) => Assert.That(RegistryCredential.Parse(text, base64: true), Is.Null);

    [TestCase("no-colon")]
    [TestCase(":password-only")]
    [TestCase("user-only:")]
    [TestCase("us\ner:pw")]
    public void Parse_NotUserColonPassword_Null(string pair)
    {
        Assert.That(RegistryCredential.Parse(B64(pair), base64: true), Is.Null);
        Assert.That(RegistryCredential.Parse(pair, base64: false), Is.Null);
    }

    [Test]
    public void ToString_HidesThePassword() =>
        Assert.That(new RegistryCredential("robot", "hunter2-secret").ToString(), Does.Contain("robot").And.Not.Contain("hunter2-secret"));
}
