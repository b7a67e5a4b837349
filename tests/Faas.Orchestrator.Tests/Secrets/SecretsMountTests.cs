using Faas.Orchestrator.Secrets;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Secrets;

[TestFixture]
public sealed class SecretsMountTests
{
    [Test]
    public void Write_Secrets_OneOwnerOnlyFileEach()
    {
        var root = Directory.CreateTempSubdirectory("faas-mount-").FullName;
        try
        {
            var directory = SecretsMount.Write(Path.Combine(root, "i1.secrets"), new Dictionary<string, string> { ["a"] = "1", ["b-c"] = "2" });

            Assert.That(File.ReadAllText(Path.Combine(directory, "a")), Is.EqualTo("1"));
            Assert.That(File.ReadAllText(Path.Combine(directory, "b-c")), Is.EqualTo("2"));
            Assert.That(File.GetUnixFileMode(Path.Combine(directory, "a")), Is.EqualTo(UnixFileMode.UserRead));
            Assert.That(File.GetUnixFileMode(directory), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
            SecretsMount.Delete(directory);
            Assert.That(Directory.Exists(directory), Is.False);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void Write_LeftoverDirectory_ReplacedByTheSecretsOnly()
    {
        var root = Directory.CreateTempSubdirectory("faas-mount-").FullName;
        try
        {
            var target = Path.Combine(root, "i2.secrets");
            Directory.CreateDirectory(target);
            File.WriteAllText(Path.Combine(target, "stale"), "old");

            SecretsMount.Write(target, new Dictionary<string, string> { ["a"] = "1" });

            Assert.That(Directory.GetFiles(target).Select(Path.GetFileName), Is.EquivalentTo(new[] { "a" }));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void Environment_SecretsAsEnv_AddsUpperCaseNames()
    {
        var environment = SecretsMount.Environment(new Dictionary<string, string> { ["X"] = "y" }, new Dictionary<string, string> { ["db-pass"] = "p" });

        Assert.That(environment["DB_PASS"], Is.EqualTo("p"));
        Assert.That(environment["X"], Is.EqualTo("y"));
    }
}
