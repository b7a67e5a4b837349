using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Registry;
using Faas.Orchestrator.Runtime;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Registry;

[TestFixture]
public sealed class FunctionRegistryTests
{
    private string _directory = null!;
    private string _databasePath = null!;
    private ManualTimeProvider _time = null!;
    private FunctionRegistry _registry = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "faas-registry-tests-" + Guid.NewGuid().ToString("N"));
        _databasePath = Path.Combine(_directory, "nested", "registry.db");
        _time = new ManualTimeProvider();
        _registry = new FunctionRegistry(_databasePath, _time);
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
    public void Create_NewName_StoresVersionOneWithTheCurrentTime()
    {
        var record = _registry.Create("hello", "code", "hash1", new FunctionSettings());

        Assert.That(record, Is.Not.Null);
        Assert.That(record!.Version, Is.EqualTo(1));
        Assert.That(record.CreatedAt, Is.EqualTo(_time.GetUtcNow()));
        Assert.That(record.UpdatedAt, Is.EqualTo(_time.GetUtcNow()));
        Assert.That(_registry.Find("hello"), Is.EqualTo(record));
    }

    [Test]
    public void Create_ExistingName_ReturnsNullAndKeepsTheOriginal()
    {
        var original = _registry.Create("hello", "original", "hash1", new FunctionSettings());

        var duplicate = _registry.Create("hello", "other", "hash2", RichSettings());

        Assert.That(duplicate, Is.Null);
        Assert.That(_registry.Find("hello"), Is.EqualTo(original));
    }

    [Test]
    public void Find_UnknownName_ReturnsNull()
    {
        Assert.That(_registry.Find("nope"), Is.Null);
    }

    [Test]
    public void Update_Existing_IncrementsVersionAndReplacesContent()
    {
        var created = _registry.Create("hello", "v1", "hash1", new FunctionSettings())!;
        _time.Advance(TimeSpan.FromMinutes(5));

        var updated = _registry.Update("hello", "v2", "hash2", RichSettings());

        Assert.That(updated, Is.Not.Null);
        Assert.That(updated!.Version, Is.EqualTo(2));
        Assert.That(updated.Code, Is.EqualTo("v2"));
        Assert.That(updated.ArtifactHash, Is.EqualTo("hash2"));
        Assert.That(updated.Settings, Is.EqualTo(RichSettings()));
        Assert.That(updated.CreatedAt, Is.EqualTo(created.CreatedAt));
        Assert.That(updated.UpdatedAt, Is.EqualTo(created.CreatedAt + TimeSpan.FromMinutes(5)));
        Assert.That(_registry.Find("hello"), Is.EqualTo(updated));
    }

    [Test]
    public void Update_Repeatedly_VersionsKeepIncrementing()
    {
        _registry.Create("hello", "v1", "h", new FunctionSettings());

        for (var i = 2; i <= 5; i++)
        {
            Assert.That(_registry.Update("hello", $"v{i}", "h", new FunctionSettings())!.Version, Is.EqualTo(i));
        }

        Assert.That(_registry.Find("hello")!.Version, Is.EqualTo(5));
    }

    [Test]
    public void Update_UnknownName_ReturnsNullAndCreatesNothing()
    {
        Assert.That(_registry.Update("nope", "code", "hash", new FunctionSettings()), Is.Null);
        Assert.That(_registry.List(), Is.Empty);
    }

    [Test]
    public void Delete_Existing_RemovesIt()
    {
        _registry.Create("hello", "code", "hash", new FunctionSettings());

        Assert.That(_registry.Delete("hello"), Is.True);
        Assert.That(_registry.Find("hello"), Is.Null);
        Assert.That(_registry.List(), Is.Empty);
    }

    [Test]
    public void Delete_UnknownName_ReturnsFalse()
    {
        Assert.That(_registry.Delete("nope"), Is.False);
    }

    [Test]
    public void Delete_Twice_SecondReturnsFalse()
    {
        _registry.Create("hello", "code", "hash", new FunctionSettings());
        _registry.Delete("hello");

        Assert.That(_registry.Delete("hello"), Is.False);
    }

    [Test]
    public void Create_AfterDelete_StartsAgainAtVersionOne()
    {
        _registry.Create("hello", "v1", "h", new FunctionSettings());
        _registry.Update("hello", "v2", "h", new FunctionSettings());
        _registry.Delete("hello");

        var again = _registry.Create("hello", "fresh", "h", new FunctionSettings());

        Assert.That(again!.Version, Is.EqualTo(1));
        Assert.That(_registry.Update("hello", "fresh2", "h", new FunctionSettings())!.Version, Is.EqualTo(2));
    }

    [Test]
    public void List_SeveralFunctions_SortedByName()
    {
        _registry.Create("zeta", "c", "h", new FunctionSettings());
        _registry.Create("alpha", "c", "h", new FunctionSettings());
        _registry.Create("mid", "c", "h", new FunctionSettings());

        Assert.That(_registry.List().Select(r => r.Name), Is.EqualTo(new[] { "alpha", "mid", "zeta" }));
    }

    [Test]
    public void Delete_OneOfSeveral_LeavesTheOthers()
    {
        _registry.Create("a", "c", "h", new FunctionSettings());
        _registry.Create("b", "c", "h", new FunctionSettings());

        _registry.Delete("a");

        Assert.That(_registry.List().Select(r => r.Name), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public void Find_RichSettings_RoundTripEveryField()
    {
        _registry.Create("hello", "code", "hash", RichSettings());

        var settings = _registry.Find("hello")!.Settings;

        Assert.That(settings, Is.EqualTo(RichSettings()));
        Assert.That(settings.ExecutionMode, Is.EqualTo(ExecutionMode.Container));
        Assert.That(settings.Timeout, Is.EqualTo(TimeSpan.FromMilliseconds(1500)));
        Assert.That(settings.Environment["GREETING"], Is.EqualTo("héllo \"quoted\""));
        Assert.That(settings.TmpBytes, Is.EqualTo(8L << 20));
    }

    [Test]
    public void Find_CodeWithQuotesAndUnicode_IsStoredVerbatim()
    {
        const string code = "object Handle(FaasRequest r) => \"it's ✓ -- '; DROP TABLE functions; --\";\r\n\t// end";
        _registry.Create("hello", code, "hash", new FunctionSettings());

        Assert.That(_registry.Find("hello")!.Code, Is.EqualTo(code));
    }

    [Test]
    public void Reopen_SameFile_DataSurvives()
    {
        _registry.Create("hello", "v1", "hash1", RichSettings());
        _time.Advance(TimeSpan.FromSeconds(90));
        var updated = _registry.Update("hello", "v2", "hash2", RichSettings())!;
        _registry.Create("other", "o", "hash3", new FunctionSettings());
        _registry.Dispose();

        _registry = new FunctionRegistry(_databasePath, _time);

        Assert.That(_registry.Find("hello"), Is.EqualTo(updated));
        Assert.That(_registry.List().Select(r => r.Name), Is.EqualTo(new[] { "hello", "other" }));
    }

    [Test]
    public void Reopen_SameFile_VersionsContinue()
    {
        _registry.Create("hello", "v1", "h", new FunctionSettings());
        _registry.Update("hello", "v2", "h", new FunctionSettings());
        _registry.Dispose();

        _registry = new FunctionRegistry(_databasePath, _time);

        Assert.That(_registry.Update("hello", "v3", "h", new FunctionSettings())!.Version, Is.EqualTo(3));
        Assert.That(_registry.Create("hello", "dup", "h", new FunctionSettings()), Is.Null);
    }

    [Test]
    public void Reopen_AfterDelete_StaysDeleted()
    {
        _registry.Create("hello", "v1", "h", new FunctionSettings());
        _registry.Delete("hello");
        _registry.Dispose();

        _registry = new FunctionRegistry(_databasePath, _time);

        Assert.That(_registry.Find("hello"), Is.Null);
    }

    [Test]
    public async Task Create_SameNameConcurrently_ExactlyOneWins()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => _registry.Create("race", $"code{i}", "h", new FunctionSettings()))));

        Assert.That(results.Count(r => r is not null), Is.EqualTo(1));
        Assert.That(_registry.List(), Has.Count.EqualTo(1));
    }
}
