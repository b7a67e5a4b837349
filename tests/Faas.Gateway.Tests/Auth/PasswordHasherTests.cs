using Faas.Gateway.Auth;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Auth;

[TestFixture]
public sealed class PasswordHasherTests
{
    private const string Password = "correct horse battery staple";

    [Test]
    public void Hash_Default_IsPbkdf2Sha256With600000IterationsAnd16ByteSalt()
    {
        var parts = new PasswordHasher().Hash(Password).Split('$');

        Assert.That(parts[0], Is.EqualTo("pbkdf2-sha256"));
        Assert.That(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(600_000));
        Assert.That(Convert.FromBase64String(parts[2]), Has.Length.EqualTo(16));
        Assert.That(Convert.FromBase64String(parts[3]), Has.Length.EqualTo(32));
    }

    [Test]
    public void Hash_SamePasswordTwice_DiffersBySalt()
    {
        var hasher = new PasswordHasher(1000);

        Assert.That(hasher.Hash(Password), Is.Not.EqualTo(hasher.Hash(Password)));
    }

    [Test]
    public void Verify_RightAndWrongPassword_AnswersEach()
    {
        var hasher = new PasswordHasher(1000);
        var stored = hasher.Hash(Password);

        Assert.That(hasher.Verify(Password, stored), Is.EqualTo((true, false)));
        Assert.That(hasher.Verify(Password + "!", stored).Valid, Is.False);
        Assert.That(hasher.Verify(Password, hasher.DummyHash).Valid, Is.False);
    }

    [Test]
    public void Verify_HashWithFewerIterationsThanToday_IsValidAndNeedsRehash()
    {
        var old = new PasswordHasher(1000).Hash(Password);

        Assert.That(new PasswordHasher(2000).Verify(Password, old), Is.EqualTo((true, true)));
    }

    [TestCase("")]
    [TestCase("md5$1$abc$def")]
    [TestCase("pbkdf2-sha256$x$AAAA$AAAA")]
    [TestCase("pbkdf2-sha256$1000$not base64$AAAA")]
    [TestCase("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAA")]
    public void Verify_MalformedStoredHash_IsInvalid(string stored)
    {
        Assert.That(new PasswordHasher(1000).Verify(Password, stored).Valid, Is.False);
    }

    [TestCase(null, false)]
    [TestCase("eleven char", false)]
    [TestCase("twelve chars", true)]
    public void Problem_PasswordLength_FollowsTheRules(string? password, bool acceptable)
    {
        Assert.That(PasswordHasher.Problem(password) is null, Is.EqualTo(acceptable));
        Assert.That(PasswordHasher.Problem(new string('x', 1024)), Is.Null);
        Assert.That(PasswordHasher.Problem(new string('x', 1025)), Is.Not.Null);
    }
}
