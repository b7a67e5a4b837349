using System.Security.Cryptography;
using System.Text;
using Faas.Gateway.Auth;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Auth;

[TestFixture]
public sealed class ApiKeyTests
{
    [Test]
    public void Hash_Key_IsSha256OfUtf8()
    {
        Assert.That(ApiKey.Hash("clé-secrète"), Is.EqualTo(SHA256.HashData(Encoding.UTF8.GetBytes("clé-secrète"))));
    }

    [Test]
    public void Hash_KnownVector_MatchesSha256()
    {
        // sha256("abc"), FIPS 180-2 test vector.
        Assert.That(Convert.ToHexStringLower(ApiKey.Hash("abc")),
            Is.EqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }

    [Test]
    public void Allows_NoFunctionList_AllowsEveryFunction()
    {
        var key = new ApiKey("k", ApiKey.Hash("irrelevant"), Scope.Invoke, null);

        Assert.That(key.Allows("anything"), Is.True);
    }

    [Test]
    public void Allows_FunctionList_AllowsOnlyListedFunctions()
    {
        var key = new ApiKey("k", ApiKey.Hash("irrelevant"), Scope.Invoke, new HashSet<string>(StringComparer.Ordinal) { "hello" });

        Assert.That(key.Allows("hello"), Is.True);
        Assert.That(key.Allows("hello2"), Is.False);
        Assert.That(key.Allows("Hello"), Is.False);
    }

    [Test]
    public void ToString_Record_DoesNotRevealTheKey()
    {
        var key = new ApiKey("ci", ApiKey.Hash("top-secret-value"), Scope.Invoke, null);

        Assert.That(key.ToString(), Does.Not.Contain("top-secret-value"));
    }
}
