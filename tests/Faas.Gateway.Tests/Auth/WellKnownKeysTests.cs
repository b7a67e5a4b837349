using System.Security.Cryptography;
using System.Text;
using Faas.Gateway.Auth;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Auth;

[TestFixture]
public sealed class WellKnownKeysTests
{
    private static ApiKey Plain(string key, string name = "k") => new(name, ApiKey.Hash(key), Scope.Invoke, null) { PlainLength = key.Length };

    private static ApiKey Hashed(string key) => new("h", SHA256.HashData(Encoding.UTF8.GetBytes(key)), Scope.Invoke, null);

    [TestCase("localhost", true)]
    [TestCase("127.0.0.1", true)]
    [TestCase("127.1.2.3", true)]
    [TestCase("::1", true)]
    [TestCase("0.0.0.0", false)]
    [TestCase("::", false)]
    [TestCase("192.168.1.10", false)]
    [TestCase("my-host", false)]
    public void IsLoopback_Host(string host, bool loopback)
    {
        Assert.That(WellKnownKeys.IsLoopback(host), Is.EqualTo(loopback));
    }

    [Test]
    public void IsWellKnown_SampleKeysShortKeysAndTheirHashes_True()
    {
        Assert.That(WellKnownKeys.IsWellKnown(Plain("demo-key")), Is.True);
        Assert.That(WellKnownKeys.IsWellKnown(Plain("admin-key")), Is.True);
        Assert.That(WellKnownKeys.IsWellKnown(Hashed("demo-key")), Is.True);
        Assert.That(WellKnownKeys.IsWellKnown(Plain("fifteen-chars-k")), Is.True);
        Assert.That(WellKnownKeys.IsWellKnown(Plain("sixteen-chars-k!")), Is.False);
        Assert.That(WellKnownKeys.IsWellKnown(Hashed("short")), Is.False, "the length of a key given as key_sha256 is unknown");
    }

    [Test]
    public void ExposureProblem_WellKnownKeyOnNonLoopback_NamesTheEntryNotTheKey()
    {
        var problem = WellKnownKeys.ExposureProblem("0.0.0.0", [Plain("a-long-random-key-0123456789", "good"), Plain("demo-key", "key2")]);

        Assert.That(problem, Does.Contain("0.0.0.0").And.Contain("key2").And.Contain("auth.api_keys").And.Not.Contain("good"));
        Assert.That(problem, Does.Not.Contain("a-long-random-key"));
    }

    [Test]
    public void ExposureProblem_WellKnownKeyOnLoopbackOrStrongKeysAnywhere_None()
    {
        Assert.That(WellKnownKeys.ExposureProblem("127.0.0.1", [Plain("demo-key")]), Is.Null);
        Assert.That(WellKnownKeys.ExposureProblem("0.0.0.0", [Plain("a-long-random-key-0123456789")]), Is.Null);
    }
}
