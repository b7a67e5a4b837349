using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Storage.Sqlite;
using Faas.Tests.Common;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Storage.Sqlite;

[TestFixture]
public sealed class SqliteFunctionStoreTests
{
    private string _directory = null!;
    private string _databasePath = null!;
    private FakeTimeProvider _time = null!;
    private SqliteFunctionStore _registry = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "faas-registry-tests-" + Guid.NewGuid().ToString("N"));
        _databasePath = Path.Combine(_directory, "nested", "registry.db");
        _time = new FakeTimeProvider();
        _registry = new SqliteFunctionStore(_databasePath, Path.Combine(_directory, "artifacts"), _time);
    }

    [TearDown]
    public void TearDown()
    {
        _registry.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static FunctionSettings RichSettings() => new()
    {
        ExecutionMode = ExecutionMode.Container,
        Handler = "Run",
        Timeout = TimeSpan.FromMilliseconds(1500),
        MemoryBytes = 512L << 20,
        CpuMillicores = 250,
        Environment = new Dictionary<string, string> { ["DEBUG"] = "false", ["GREETING"] = "héllo \"quoted\"" },
        MinInstances = 1,
        MaxInstances = 3,
        Concurrency = 2,
        MaxPids = 64,
        TmpBytes = 8L << 20,
    };

    [Test]
    public void Constructor_MissingDirectory_CreatesIt()
    {
        Assert.That(File.Exists(_databasePath), Is.True);
    }

    [Test]
    public async Task Create_NewName_StoresVersionOneWithTheCurrentTime()
    {
        var record = await _registry.CreateAsync(FunctionKey.Default("hello"), "code", "hash1", new FunctionSettings());

        Assert.That(record, Is.Not.Null);
        Assert.That(record!.Version, Is.EqualTo(1));
        Assert.That(record.CreatedAt, Is.EqualTo(_time.GetUtcNow()));
        Assert.That(record.UpdatedAt, Is.EqualTo(_time.GetUtcNow()));
        Assert.That(await _registry.FindAsync(FunctionKey.Default("hello")), Is.EqualTo(record));
    }

    [Test]
    public async Task Create_ExistingName_ReturnsNullAndKeepsTheOriginal()
    {
        var original = await _registry.CreateAsync(FunctionKey.Default("hello"), "original", "hash1", new FunctionSettings());

        var duplicate = await _registry.CreateAsync(FunctionKey.Default("hello"), "other", "hash2", RichSettings());

        Assert.That(duplicate, Is.Null);
        Assert.That(await _registry.FindAsync(FunctionKey.Default("hello")), Is.EqualTo(original));
    }

    [Test]
    public async Task Find_UnknownName_ReturnsNull()
    {
        Assert.That(await _registry.FindAsync(FunctionKey.Default("nope")), Is.Null);
    }

    [Test]
    public async Task Update_Existing_IncrementsVersionAndReplacesContent()
    {
        var created = (await _registry.CreateAsync(FunctionKey.Default("hello"), "v1", "hash1", new FunctionSettings()))!;
        _time.Advance(TimeSpan.FromMinutes(5));

        var updated = await _registry.UpdateAsync(FunctionKey.Default("hello"), "v2", "hash2", RichSettings());

        Assert.That(updated, Is.Not.Null);
        Assert.That(updated!.Version, Is.EqualTo(2));
        Assert.That(updated.Code, Is.EqualTo("v2"));
        Assert.That(updated.ArtifactHash, Is.EqualTo("hash2"));
        Assert.That(updated.Settings, Is.EqualTo(RichSettings()));
        Assert.That(updated.CreatedAt, Is.EqualTo(created.CreatedAt));
        Assert.That(updated.UpdatedAt, Is.EqualTo(created.CreatedAt + TimeSpan.FromMinutes(5)));
        Assert.That(await _registry.FindAsync(FunctionKey.Default("hello")), Is.EqualTo(updated));
    }

    [Test]
    public async Task Update_Repeatedly_VersionsKeepIncrementing()
    {
        await _registry.CreateAsync(FunctionKey.Default("hello"), "v1", "h", new FunctionSettings());

        for (var i = 2; i <= 5; i++)
        {
            Assert.That((await _registry.UpdateAsync(FunctionKey.Default("hello"), $"v{i}", "h", new FunctionSettings()))!.Version, Is.EqualTo(i));
        }

        Assert.That((await _registry.FindAsync(FunctionKey.Default("hello")))!.Version, Is.EqualTo(5));
    }

    [Test]
    public async Task Update_UnknownName_ReturnsNullAndCreatesNothing()
    {
        Assert.That(await _registry.UpdateAsync(FunctionKey.Default("nope"), "code", "hash", new FunctionSettings()), Is.Null);
        Assert.That(await _registry.ListAsync(), Is.Empty);
    }

    [Test]
    public async Task Delete_Existing_RemovesIt()
    {
        await _registry.CreateAsync(FunctionKey.Default("hello"), "code", "hash", new FunctionSettings());

        Assert.That(await _registry.DeleteAsync(FunctionKey.Default("hello")), Is.True);
        Assert.That(await _registry.FindAsync(FunctionKey.Default("hello")), Is.Null);
        Assert.That(await _registry.ListAsync(), Is.Empty);
    }

    [Test]
    public async Task Delete_UnknownName_ReturnsFalse()
    {
        Assert.That(await _registry.DeleteAsync(FunctionKey.Default("nope")), Is.False);
    }

    [Test]
    public async Task Delete_Twice_SecondReturnsFalse()
    {
        await _registry.CreateAsync(FunctionKey.Default("hello"), "code", "hash", new FunctionSettings());
        await _registry.DeleteAsync(FunctionKey.Default("hello"));

        Assert.That(await _registry.DeleteAsync(FunctionKey.Default("hello")), Is.False);
    }

    [Test]
    public async Task Create_AfterDelete_StartsAgainAtVersionOne()
    {
        await _registry.CreateAsync(FunctionKey.Default("hello"), "v1", "h", new FunctionSettings());
        await _registry.UpdateAsync(FunctionKey.Default("hello"), "v2", "h", new FunctionSettings());
        await _registry.DeleteAsync(FunctionKey.Default("hello"));

        var again = await _registry.CreateAsync(FunctionKey.Default("hello"), "fresh", "h", new FunctionSettings());

        Assert.That(again!.Version, Is.EqualTo(1));
        Assert.That((await _registry.UpdateAsync(FunctionKey.Default("hello"), "fresh2", "h", new FunctionSettings()))!.Version, Is.EqualTo(2));
    }

    [Test]
    public async Task List_SeveralFunctions_SortedByName()
    {
        await _registry.CreateAsync(FunctionKey.Default("zeta"), "c", "h", new FunctionSettings());
        await _registry.CreateAsync(FunctionKey.Default("alpha"), "c", "h", new FunctionSettings());
        await _registry.CreateAsync(FunctionKey.Default("mid"), "c", "h", new FunctionSettings());

        Assert.That((await _registry.ListAsync()).Select(r => r.Name), Is.EqualTo(new[] { "alpha", "mid", "zeta" }));
    }

    [Test]
    public async Task Delete_OneOfSeveral_LeavesTheOthers()
    {
        await _registry.CreateAsync(FunctionKey.Default("a"), "c", "h", new FunctionSettings());
        await _registry.CreateAsync(FunctionKey.Default("b"), "c", "h", new FunctionSettings());

        await _registry.DeleteAsync(FunctionKey.Default("a"));

        Assert.That((await _registry.ListAsync()).Select(r => r.Name), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public async Task Find_RichSettings_RoundTripEveryField()
    {
        await _registry.CreateAsync(FunctionKey.Default("hello"), "code", "hash", RichSettings());

        var settings = (await _registry.FindAsync(FunctionKey.Default("hello")))!.Settings;

        Assert.That(settings, Is.EqualTo(RichSettings()));
        Assert.That(settings.ExecutionMode, Is.EqualTo(ExecutionMode.Container));
        Assert.That(settings.Timeout, Is.EqualTo(TimeSpan.FromMilliseconds(1500)));
        Assert.That(settings.Environment["GREETING"], Is.EqualTo("héllo \"quoted\""));
        Assert.That(settings.TmpBytes, Is.EqualTo(8L << 20));
    }

    [Test]
    public async Task Find_CodeWithQuotesAndUnicode_IsStoredVerbatim()
    {
        const string code = "object Handle(FaasRequest r) => \"it's ✓ -- '; DROP TABLE functions; --\";\r\n\t// end";
        await _registry.CreateAsync(FunctionKey.Default("hello"), code, "hash", new FunctionSettings());

        Assert.That((await _registry.FindAsync(FunctionKey.Default("hello")))!.Code, Is.EqualTo(code));
    }

    [Test]
    public async Task Reopen_SameFile_DataSurvives()
    {
        await _registry.CreateAsync(FunctionKey.Default("hello"), "v1", "hash1", RichSettings());
        _time.Advance(TimeSpan.FromSeconds(90));
        var updated = (await _registry.UpdateAsync(FunctionKey.Default("hello"), "v2", "hash2", RichSettings()))!;
        await _registry.CreateAsync(FunctionKey.Default("other"), "o", "hash3", new FunctionSettings());
        _registry.Dispose();

        _registry = new SqliteFunctionStore(_databasePath, Path.Combine(_directory, "artifacts"), _time);

        Assert.That(await _registry.FindAsync(FunctionKey.Default("hello")), Is.EqualTo(updated));
        Assert.That((await _registry.ListAsync()).Select(r => r.Name), Is.EqualTo(new[] { "hello", "other" }));
    }

    [Test]
    public async Task Reopen_SameFile_VersionsContinue()
    {
        await _registry.CreateAsync(FunctionKey.Default("hello"), "v1", "h", new FunctionSettings());
        await _registry.UpdateAsync(FunctionKey.Default("hello"), "v2", "h", new FunctionSettings());
        _registry.Dispose();

        _registry = new SqliteFunctionStore(_databasePath, Path.Combine(_directory, "artifacts"), _time);

        Assert.That((await _registry.UpdateAsync(FunctionKey.Default("hello"), "v3", "h", new FunctionSettings()))!.Version, Is.EqualTo(3));
        Assert.That(await _registry.CreateAsync(FunctionKey.Default("hello"), "dup", "h", new FunctionSettings()), Is.Null);
    }

    [Test]
    public async Task Reopen_AfterDelete_StaysDeleted()
    {
        await _registry.CreateAsync(FunctionKey.Default("hello"), "v1", "h", new FunctionSettings());
        await _registry.DeleteAsync(FunctionKey.Default("hello"));
        _registry.Dispose();

        _registry = new SqliteFunctionStore(_databasePath, Path.Combine(_directory, "artifacts"), _time);

        Assert.That(await _registry.FindAsync(FunctionKey.Default("hello")), Is.Null);
    }

    [Test]
    public async Task Create_SameNameConcurrently_ExactlyOneWins()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(async () => await _registry.CreateAsync(FunctionKey.Default("race"), $"code{i}", "h", new FunctionSettings()))));

        Assert.That(results.Count(r => r is not null), Is.EqualTo(1));
        Assert.That(await _registry.ListAsync(), Has.Count.EqualTo(1));
    }
}
