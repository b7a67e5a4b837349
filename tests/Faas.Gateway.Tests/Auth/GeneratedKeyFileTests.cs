using Faas.Gateway.Auth;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Auth;

[TestFixture]
public sealed class GeneratedKeyFileTests
{
    private string _directory = null!;

    private string KeyFile => GeneratedKeyFile.PathIn(_directory);

    [SetUp]
    public void SetUp() => _directory = Path.Combine(Path.GetTempPath(), "faas-keys-" + Guid.NewGuid().ToString("N")[..8]);

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Test]
    public void LoadOrCreate_NoFile_CreatesOwnerOnlyFileWithAnAdminAndAManageKey()
    {
        var (keys, created, problem) = GeneratedKeyFile.LoadOrCreate(KeyFile);

        Assert.That(problem, Is.Null);
        Assert.That(created, Is.True);
        Assert.That(File.GetUnixFileMode(KeyFile), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(keys!.Select(k => k.Scopes), Is.EqualTo(new[] { Scope.Invoke | Scope.Manage | Scope.Admin, Scope.Invoke | Scope.Manage }));
        Assert.That(keys!.Select(k => k.Key), Has.All.Match("^[A-Za-z0-9_-]{43}$"), "32 random bytes in base64url");
        Assert.That(keys![0].Key, Is.Not.EqualTo(keys[1].Key));
    }

    [Test]
    public void LoadOrCreate_FileExists_SameKeysNotCreated()
    {
        var (first, _, _) = GeneratedKeyFile.LoadOrCreate(KeyFile);

        var (again, created, problem) = GeneratedKeyFile.LoadOrCreate(KeyFile);

        Assert.That(problem, Is.Null);
        Assert.That(created, Is.False);
        Assert.That(again, Is.EqualTo(first));
    }

    [Test]
    public void LoadOrCreate_FileReadableByOthers_RefusedWithChmodHint()
    {
        GeneratedKeyFile.LoadOrCreate(KeyFile);
        File.SetUnixFileMode(KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var (keys, _, problem) = GeneratedKeyFile.LoadOrCreate(KeyFile);

        Assert.That(keys, Is.Null);
        Assert.That(problem, Does.Contain("chmod 600"));
    }

    [Test]
    public void LoadOrCreate_FileNotInFaasFormat_Refused()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(KeyFile, "{\"keys\": [{\"name\": \"x\", \"key\": \"short\", \"scopes\": [\"admin\"]}]}");
        File.SetUnixFileMode(KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var (keys, _, problem) = GeneratedKeyFile.LoadOrCreate(KeyFile);

        Assert.That(keys, Is.Null);
        Assert.That(problem, Does.Contain("not in the format"));
    }
}
