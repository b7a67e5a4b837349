using System.Formats.Tar;
using System.Security.Cryptography;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Storage.Sqlite;
using Faas.Orchestrator.Namespaces;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Storage.Sqlite;

/// <summary>
/// <c>--backup</c> takes a consistent copy of every store while they are open and written; <c>--restore</c> brings it
/// back only on a stopped platform, checks it first, refuses anything a backup never holds, and keeps what it replaced.
/// </summary>
[TestFixture]
public sealed class StorageBackupTests
{
    private static readonly string s_hash = new('a', 64);
    private static readonly byte[] s_key = RandomNumberGenerator.GetBytes(32);

    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("faas-backup-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private string Storage(string name) => Path.Combine(_directory, name);

    private string File(string name) => Path.Combine(_directory, name);

    [Test]
    public async Task Write_StoresOpenAndBeingWritten_RestoredElsewhereWithEveryRecord()
    {
        var source = Storage("live");
        var registry = new SqliteFunctionStore(Path.Combine(source, StorageFiles.Registry), Path.Combine(source, StorageFiles.Artifacts), TimeProvider.System);
        var secrets = new SqliteSecretStore(Path.Combine(source, StorageFiles.Secrets), s_key, TimeProvider.System);
        await registry.CreateAsync(FunctionKey.Default("kept"), "object Handle(FaasRequest r) => 1;", s_hash, new FunctionSettings());
        await registry.WriteArtifactAsync(s_hash, "MZ-artifact"u8.ToArray());
        await secrets.CreateAsync(NamespaceName.Default, "db-password", "hunter2");
        using var writing = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !writing.IsCancellationRequested; i++)
            {
                await registry.CreateAsync(FunctionKey.Default($"busy-{i}"), "object Handle(FaasRequest r) => 2;", s_hash, new FunctionSettings());
            }
        });

        var summary = StorageBackup.Write(source, File("backup.tar"), TimeProvider.System);
        await writing.CancelAsync();
        await writer;
        registry.Dispose();
        secrets.Dispose();
        var restoredInto = Storage("restored");
        StorageBackup.Restore(restoredInto, File("backup.tar"), TimeProvider.System);

        using var restored = new SqliteFunctionStore(Path.Combine(restoredInto, StorageFiles.Registry), Path.Combine(restoredInto, StorageFiles.Artifacts), TimeProvider.System);
        using var restoredSecrets = new SqliteSecretStore(Path.Combine(restoredInto, StorageFiles.Secrets), s_key, TimeProvider.System);
        Assert.That(summary, Does.Contain("registry.db").And.Contain("1 artifact"));
        Assert.That((await restored.FindAsync(FunctionKey.Default("kept")))?.Code, Is.EqualTo("object Handle(FaasRequest r) => 1;"));
        Assert.That(await restored.ReadArtifactAsync(s_hash), Is.EqualTo("MZ-artifact"u8.ToArray()));
        Assert.That(await restoredSecrets.ReadAsync(NamespaceName.Default, "db-password"), Is.EqualTo("hunter2"), "sealed secrets come back with the same key");
        Assert.That(System.IO.File.GetUnixFileMode(File("backup.tar")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(System.IO.File.GetUnixFileMode(Path.Combine(restoredInto, StorageFiles.Registry)), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(StorageCheck.QuickCheck(Path.Combine(restoredInto, StorageFiles.Registry)), Is.Null);
    }

    [Test]
    public void Restore_PlatformRunning_RefusedNamingItsPid()
    {
        var storage = Storage("running");
        Directory.CreateDirectory(storage);
        StorageBackup.Write(storage, File("empty.tar"), TimeProvider.System);
        using var running = StorageLock.TryAcquire(storage, out _);

        var refused = Assert.Throws<InvalidOperationException>(() => StorageBackup.Restore(storage, File("empty.tar"), TimeProvider.System));

        Assert.That(refused!.Message, Does.Contain("is running").And.Contain(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [TestCase("../escape.db")]
    [TestCase("artifacts/../../registry.db")]
    [TestCase("secrets.key")]
    public void Restore_EntryNoBackupHolds_RefusedAndNothingReplaced(string entry)
    {
        var storage = Storage("target");
        using (var registry = new SqliteFunctionStore(Path.Combine(storage, StorageFiles.Registry), Path.Combine(storage, StorageFiles.Artifacts), TimeProvider.System))
        {
        }

        var before = System.IO.File.ReadAllBytes(Path.Combine(storage, StorageFiles.Registry));
        using (var tar = new TarWriter(System.IO.File.Create(File("hostile.tar"))))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, entry) { DataStream = new MemoryStream("x"u8.ToArray()) });
        }

        var refused = Assert.Throws<InvalidOperationException>(() => StorageBackup.Restore(storage, File("hostile.tar"), TimeProvider.System));

        Assert.That(refused!.Message, Does.Contain(entry));
        Assert.That(System.IO.File.ReadAllBytes(Path.Combine(storage, StorageFiles.Registry)), Is.EqualTo(before));
        Assert.That(System.IO.File.Exists(Path.Combine(_directory, "escape.db")), Is.False);
    }

    [Test]
    public void Restore_DamagedDatabaseInTheBackup_RefusedBeforeReplacingAnything()
    {
        var storage = Storage("damaged");
        using (var registry = new SqliteFunctionStore(Path.Combine(storage, StorageFiles.Registry), Path.Combine(storage, StorageFiles.Artifacts), TimeProvider.System))
        {
        }

        using (var tar = new TarWriter(System.IO.File.Create(File("damaged.tar"))))
        {
            var garbage = new byte[8192];
            "SQLite format 3\0"u8.CopyTo(garbage);
            garbage.AsSpan(100).Fill(0xEE);
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, StorageFiles.Registry) { DataStream = new MemoryStream(garbage) });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "manifest.json") { DataStream = new MemoryStream("{\"format\":1}"u8.ToArray()) });
        }

        var refused = Assert.Throws<InvalidOperationException>(() => StorageBackup.Restore(storage, File("damaged.tar"), TimeProvider.System));

        Assert.That(refused!.Message, Does.Contain("damaged").And.Contain("nothing was restored"));
        Assert.That(StorageCheck.QuickCheck(Path.Combine(storage, StorageFiles.Registry)), Is.Null);
    }

    [Test]
    public async Task Restore_OverExistingStores_KeepsWhatItReplacedAside()
    {
        var storage = Storage("replace");
        using (var registry = new SqliteFunctionStore(Path.Combine(storage, StorageFiles.Registry), Path.Combine(storage, StorageFiles.Artifacts), TimeProvider.System))
        {
            await registry.CreateAsync(FunctionKey.Default("old"), "object Handle(FaasRequest r) => 1;", s_hash, new FunctionSettings());
        }

        StorageBackup.Write(Storage("elsewhere-empty"), File("empty.tar"), TimeProvider.System);

        var summary = StorageBackup.Restore(storage, File("empty.tar"), TimeProvider.System);

        var aside = Directory.GetDirectories(storage, "before-restore-*").Single();
        using var kept = new SqliteFunctionStore(Path.Combine(aside, StorageFiles.Registry), Path.Combine(aside, StorageFiles.Artifacts), TimeProvider.System);
        Assert.That(summary, Does.Contain(aside));
        Assert.That(await kept.FindAsync(FunctionKey.Default("old")), Is.Not.Null);
        Assert.That(System.IO.File.Exists(Path.Combine(storage, StorageFiles.Registry)), Is.False, "the backup held no registry");
    }
}
