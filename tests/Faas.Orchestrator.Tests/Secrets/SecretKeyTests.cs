using Faas.Orchestrator.Secrets;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Secrets;

[TestFixture]
public sealed class SecretKeyTests
{
    [Test]
    public void Load_ExistingKeyFileReadableByOthers_MadeOwnerOnly()
    {
        var directory = Directory.CreateTempSubdirectory("faas-key-").FullName;
        try
        {
            var path = Path.Combine(directory, "secrets.key");
            var key = SecretKey.Load(null, path);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

            var again = SecretKey.Load(null, path);

            Assert.That(again, Is.EqualTo(key));
            Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
