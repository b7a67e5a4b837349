using System.Security.Cryptography;
using System.Text;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Secrets;
using Faas.Orchestrator.Storage.Sqlite;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Storage.Sqlite;

[TestFixture]
public sealed class SqliteSecretStoreTests
{
    private const string Value = "s3cr3t-value-that-must-never-show-9f2c";
    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("faas-secrets-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private string Db => Path.Combine(_directory, "secrets.db");

    [Test]
    public async Task Read_AfterCreate_ReturnsTheValue()
    {
        using var store = new SqliteSecretStore(Db, RandomNumberGenerator.GetBytes(32), TimeProvider.System);

        Assert.That(await store.CreateAsync(NamespaceName.Default, "db-password", Value), Is.True);
        Assert.That(await store.ReadAsync(NamespaceName.Default, "db-password"), Is.EqualTo(Value));
        Assert.That(await store.CreateAsync(NamespaceName.Default, "db-password", "other"), Is.False);
        Assert.That(await store.UpdateAsync(NamespaceName.Default, "db-password", "changed"), Is.True);
        Assert.That(await store.ReadAsync(NamespaceName.Default, "db-password"), Is.EqualTo("changed"));
        Assert.That((await store.ListAsync(NamespaceName.Default)).Select(s => s.Name), Is.EqualTo(new[] { "db-password" }));
        Assert.That(await store.DeleteAsync(NamespaceName.Default, "db-password"), Is.True);
        Assert.That(await store.ReadAsync(NamespaceName.Default, "db-password"), Is.Null);
        Assert.That(await store.UpdateAsync(NamespaceName.Default, "db-password", "x"), Is.False);
    }

    [Test]
    public async Task Read_WithWrongKey_Throws()
    {
        using (var store = new SqliteSecretStore(Db, RandomNumberGenerator.GetBytes(32), TimeProvider.System))
        {
            await store.CreateAsync(NamespaceName.Default, "api-token", Value);
        }

        using var other = new SqliteSecretStore(Db, RandomNumberGenerator.GetBytes(32), TimeProvider.System);
        Assert.ThrowsAsync(Is.InstanceOf<CryptographicException>(), async () => await other.ReadAsync(NamespaceName.Default, "api-token"));
    }

    [Test]
    public void Decrypt_UnderAnotherName_Throws()
    {
        using var cipher = new SecretCipher(RandomNumberGenerator.GetBytes(32));
        var sealedValue = cipher.Encrypt("a", Value);

        Assert.That(cipher.Decrypt("a", sealedValue), Is.EqualTo(Value));
        Assert.That(() => cipher.Decrypt("b", sealedValue), Throws.InstanceOf<CryptographicException>());
        sealedValue[^1] ^= 1;
        Assert.That(() => cipher.Decrypt("a", sealedValue), Throws.InstanceOf<CryptographicException>());
    }

    [Test]
    public async Task DatabaseFiles_AfterWrites_NeverHoldThePlaintext()
    {
        using (var store = new SqliteSecretStore(Db, RandomNumberGenerator.GetBytes(32), TimeProvider.System))
        {
            await store.CreateAsync(NamespaceName.Default, "one", Value);
            await store.UpdateAsync(NamespaceName.Default, "one", Value + "-2");
            await store.CreateAsync(NamespaceName.Default, "two", Value);
        }

        var needle = Encoding.UTF8.GetBytes(Value);
        foreach (var file in Directory.GetFiles(_directory))
        {
            Assert.That(File.ReadAllBytes(file).AsSpan().IndexOf(needle), Is.EqualTo(-1), file);
        }
    }

    [Test]
    public void Load_WithoutConfiguredKey_CreatesKeyFileOnceWithMode0600()
    {
        var path = Path.Combine(_directory, "keys", "secrets.key");

        var first = SecretKey.Load(null, path);
        var second = SecretKey.Load(null, path);

        Assert.That(first, Has.Length.EqualTo(32));
        Assert.That(second, Is.EqualTo(first));
        Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }

    [Test]
    public void Parse_KeyOfWrongLength_ReturnsNull()
    {
        Assert.That(SecretKey.Parse(Convert.ToBase64String(new byte[16])), Is.Null);
        Assert.That(SecretKey.Parse("not base64!"), Is.Null);
        Assert.That(SecretKey.Parse(Convert.ToBase64String(new byte[32])), Has.Length.EqualTo(32));
    }

    [TestCase("db-password", true)]
    [TestCase("API_KEY.v2", true)]
    [TestCase("../etc", false)]
    [TestCase("a/b", false)]
    [TestCase("", false)]
    [TestCase("-x", false)]
    public void IsValid_Name_FollowsTheFileNameRule(string name, bool valid) =>
        Assert.That(SecretName.IsValid(name), Is.EqualTo(valid));

    [Test]
    public void EnvironmentName_DashesAndDots_BecomeUnderscoresUpperCase() =>
        Assert.That(SecretName.EnvironmentName("db-password.v2"), Is.EqualTo("DB_PASSWORD_V2"));
}
