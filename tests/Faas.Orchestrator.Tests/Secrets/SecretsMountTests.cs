using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Secrets;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Secrets;

[TestFixture]
public sealed class SecretsMountTests
{
    private sealed class FakeSecrets(Dictionary<string, string> values) : ISecretSource
    {
        public string? Read(string name) => values.GetValueOrDefault(name);
    }

    [Test]
    public void Write_Secrets_OneOwnerOnlyFileEach()
    {
        var root = Directory.CreateTempSubdirectory("faas-mount-").FullName;
        try
        {
            var directory = SecretsMount.Write(Path.Combine(root, "i1.secrets"), ["a", "b-c"], new FakeSecrets(new() { ["a"] = "1", ["b-c"] = "2" }));

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
    public void Write_MissingSecret_ThrowsAndLeavesNothing()
    {
        var root = Directory.CreateTempSubdirectory("faas-mount-").FullName;
        try
        {
            var target = Path.Combine(root, "i2.secrets");
            Assert.That(() => SecretsMount.Write(target, ["a", "gone"], new FakeSecrets(new() { ["a"] = "1" })), Throws.InstanceOf<InstanceStartException>());
            Assert.That(Directory.Exists(target), Is.False);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void Environment_SecretsAsEnv_AddsUpperCaseNames()
    {
        var environment = SecretsMount.Environment(new Dictionary<string, string> { ["X"] = "y" }, ["db-pass"], new FakeSecrets(new() { ["db-pass"] = "p" }));

        Assert.That(environment["DB_PASS"], Is.EqualTo("p"));
        Assert.That(environment["X"], Is.EqualTo("y"));
    }
}
