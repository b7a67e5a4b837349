using Faas.Orchestrator.Objects;
using Faas.Orchestrator.Storage.Sqlite;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Storage.Sqlite;

/// <summary><c>--backup</c> and <c>--restore</c> carry function objects: <c>objects.db</c> and the content files it refers to.</summary>
[TestFixture]
public sealed class ObjectBackupTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("faas-objbackup-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private static SqliteObjectStore Open(string storage) =>
        new(Path.Combine(storage, StorageFiles.Objects), Path.Combine(storage, StorageFiles.ObjectContent), TimeProvider.System);

    [Test]
    public async Task Write_ThenRestoreElsewhere_ObjectsReadTheSame()
    {
        var source = Path.Combine(_directory, "live");
        var scope = ObjectScope.Of("fn");
        using (var store = Open(source))
        {
            var staging = new ObjectStaging(Path.Combine(source, StorageFiles.ObjectContent), 1 << 20);
            await using (staging)
            {
                await staging.WriteAsync("object content"u8.ToArray());
                await store.PutAsync(scope, "data.txt", await staging.CompleteAsync());
            }

            var summary = StorageBackup.Write(source, Path.Combine(_directory, "backup.tar"), TimeProvider.System);
            Assert.That(summary, Does.Contain("objects.db").And.Contain("1 object content file"));
        }

        var target = Path.Combine(_directory, "restored");
        StorageBackup.Restore(target, Path.Combine(_directory, "backup.tar"), TimeProvider.System);

        using var restored = Open(target);
        var content = await restored.OpenReadAsync(scope, "data.txt");
        await using (content!)
        {
            Assert.That(await new StreamReader(content!.Content).ReadToEndAsync(), Is.EqualTo("object content"));
        }

        Assert.That(File.GetUnixFileMode(Path.Combine(target, StorageFiles.ObjectContent)),
            Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
    }
}
