using Faas.Orchestrator.Storage.Sqlite;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Storage.Sqlite;

[TestFixture]
public sealed class ArtifactStoreTests
{
    [Test]
    public void Write_Artifact_DirectoryAndFileAreOwnerOnly()
    {
        var directory = Directory.CreateTempSubdirectory("faas-artifacts-").FullName;
        try
        {
            var root = Directory.CreateDirectory(Path.Combine(directory, "artifacts")).FullName;
            File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
            var store = new ArtifactStore(root);

            store.Write("abc", [1, 2, 3]);

            Assert.That(store.TryRead("abc"), Is.EqualTo(new byte[] { 1, 2, 3 }));
            Assert.That(File.GetUnixFileMode(root), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
            Assert.That(File.GetUnixFileMode(store.PathOf("abc")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
