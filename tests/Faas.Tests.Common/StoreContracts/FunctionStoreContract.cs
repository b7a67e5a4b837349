using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Storage;
using Faas.Orchestrator.Namespaces;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Tests.Common.StoreContracts;

/// <summary>What every <see cref="IFunctionStore"/> does, whatever keeps it: run against SQLite and PostgreSQL.</summary>
public abstract partial class FunctionStoreContract
{
    protected FakeTimeProvider Time { get; private set; } = null!;

    protected IFunctionStore Store { get; private set; } = null!;

    /// <summary>An empty store on <paramref name="time"/>.</summary>
    protected abstract Task<IFunctionStore> OpenEmptyAsync(FakeTimeProvider time);

    /// <summary>A new store object on the same data (a restart).</summary>
    protected abstract Task<IFunctionStore> ReopenAsync(FakeTimeProvider time);

    protected abstract Task CloseAsync(IFunctionStore store);

    [SetUp]
    public async Task OpenStoreAsync()
    {
        Time = new FakeTimeProvider();
        Store = await OpenEmptyAsync(Time);
    }

    [TearDown]
    public Task CloseStoreAsync() => CloseAsync(Store);

    public static FunctionSettings RichSettings() => new()
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
        Secrets = ["db-password"],
    };

    [Test]
    public async Task Create_NewName_StoresVersionOneWithTheCurrentTime()
    {
        var record = await Store.CreateAsync(FunctionKey.Default("hello"), "code", "hash1", new FunctionSettings());

        Assert.That(record!.Version, Is.EqualTo(1));
        Assert.That(record.CreatedAt, Is.EqualTo(Time.GetUtcNow()));
        Assert.That(record.UpdatedAt, Is.EqualTo(Time.GetUtcNow()));
        Assert.That(await Store.FindAsync(FunctionKey.Default("hello")), Is.EqualTo(record));
    }

    [Test]
    public async Task Create_ExistingName_ReturnsNullAndKeepsTheOriginal()
    {
        var original = await Store.CreateAsync(FunctionKey.Default("hello"), "original", "hash1", new FunctionSettings());

        Assert.That(await Store.CreateAsync(FunctionKey.Default("hello"), "other", "hash2", RichSettings()), Is.Null);
        Assert.That(await Store.FindAsync(FunctionKey.Default("hello")), Is.EqualTo(original));
    }

    [Test]
    public async Task Find_UnknownName_ReturnsNull() => Assert.That(await Store.FindAsync(FunctionKey.Default("nope")), Is.Null);

    [Test]
    public async Task Update_Existing_IncrementsVersionAndReplacesContent()
    {
        var created = (await Store.CreateAsync(FunctionKey.Default("hello"), "v1", "hash1", new FunctionSettings()))!;
        Time.Advance(TimeSpan.FromMinutes(5));

        var updated = await Store.UpdateAsync(FunctionKey.Default("hello"), "v2", "hash2", RichSettings());

        Assert.That(updated!.Version, Is.EqualTo(2));
        Assert.That(updated.Code, Is.EqualTo("v2"));
        Assert.That(updated.ArtifactHash, Is.EqualTo("hash2"));
        Assert.That(updated.Settings, Is.EqualTo(RichSettings()));
        Assert.That(updated.CreatedAt, Is.EqualTo(created.CreatedAt));
        Assert.That(updated.UpdatedAt, Is.EqualTo(created.CreatedAt + TimeSpan.FromMinutes(5)));
        Assert.That(await Store.FindAsync(FunctionKey.Default("hello")), Is.EqualTo(updated));
    }

    [Test]
    public async Task Update_UnknownName_ReturnsNullAndCreatesNothing()
    {
        Assert.That(await Store.UpdateAsync(FunctionKey.Default("nope"), "code", "hash", new FunctionSettings()), Is.Null);
        Assert.That(await Store.ListAsync(), Is.Empty);
    }

    [Test]
    public async Task SetScale_Existing_ChangesTheCountsNotTheVersion()
    {
        await Store.CreateAsync(FunctionKey.Default("hello"), "v1", "hash1", RichSettings());

        var scaled = await Store.SetScaleAsync(FunctionKey.Default("hello"), 2, 7);

        Assert.That(scaled!.Version, Is.EqualTo(1));
        Assert.That(scaled.Settings, Is.EqualTo(RichSettings() with { MinInstances = 2, MaxInstances = 7 }));
        Assert.That(await Store.FindAsync(FunctionKey.Default("hello")), Is.EqualTo(scaled));
        Assert.That(await Store.ListVersionsAsync(FunctionKey.Default("hello")), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SetScale_UnknownName_ReturnsNull() => Assert.That(await Store.SetScaleAsync(FunctionKey.Default("nope"), 1, 2), Is.Null);

    [Test]
    public async Task Delete_Existing_RemovesItAndItsHistory()
    {
        await Store.CreateAsync(FunctionKey.Default("hello"), "v1", "h", new FunctionSettings());
        await Store.UpdateAsync(FunctionKey.Default("hello"), "v2", "h", new FunctionSettings());

        Assert.That(await Store.DeleteAsync(FunctionKey.Default("hello")), Is.True);
        Assert.That(await Store.FindAsync(FunctionKey.Default("hello")), Is.Null);
        Assert.That(await Store.ListVersionsAsync(FunctionKey.Default("hello")), Is.Empty);
        Assert.That(await Store.DeleteAsync(FunctionKey.Default("hello")), Is.False);
    }

    [Test]
    public async Task Create_AfterDelete_StartsAgainAtVersionOne()
    {
        await Store.CreateAsync(FunctionKey.Default("hello"), "v1", "h", new FunctionSettings());
        await Store.UpdateAsync(FunctionKey.Default("hello"), "v2", "h", new FunctionSettings());
        await Store.DeleteAsync(FunctionKey.Default("hello"));

        Assert.That((await Store.CreateAsync(FunctionKey.Default("hello"), "fresh", "h", new FunctionSettings()))!.Version, Is.EqualTo(1));
        Assert.That((await Store.UpdateAsync(FunctionKey.Default("hello"), "fresh2", "h", new FunctionSettings()))!.Version, Is.EqualTo(2));
    }

    [Test]
    public async Task List_SeveralFunctions_SortedByName()
    {
        await Store.CreateAsync(FunctionKey.Default("zeta"), "c", "h", new FunctionSettings());
        await Store.CreateAsync(FunctionKey.Default("alpha"), "c", "h", new FunctionSettings());
        await Store.CreateAsync(FunctionKey.Default("mid-2"), "c", "h", new FunctionSettings());

        Assert.That((await Store.ListAsync()).Select(r => r.Name), Is.EqualTo(new[] { "alpha", "mid-2", "zeta" }));
    }

    [Test]
    public async Task ListVersions_AfterUpdates_EveryVersionOldestFirst()
    {
        await Store.CreateAsync(FunctionKey.Default("hello"), "v1", "h1", new FunctionSettings());
        Time.Advance(TimeSpan.FromSeconds(10));
        await Store.UpdateAsync(FunctionKey.Default("hello"), "v2", "h2", RichSettings());

        var versions = await Store.ListVersionsAsync(FunctionKey.Default("hello"));

        Assert.That(versions.Select(v => (v.Version, v.Code, v.ArtifactHash)), Is.EqualTo(new[] { (1L, "v1", "h1"), (2L, "v2", "h2") }));
        Assert.That(versions[1].Settings, Is.EqualTo(RichSettings()));
        Assert.That(versions[1].CreatedAt, Is.EqualTo(Time.GetUtcNow()));
        Assert.That(await Store.FindVersionAsync(FunctionKey.Default("hello"), 1), Is.EqualTo(versions[0]));
        Assert.That(await Store.FindVersionAsync(FunctionKey.Default("hello"), 3), Is.Null);
    }

    [Test]
    public async Task Find_RichSettingsAndHostileCode_RoundTripVerbatim()
    {
        const string code = "object Handle(FaasRequest r) => \"it's ✓ -- '; DROP TABLE functions; --\";\r\n\t// end";
        await Store.CreateAsync(FunctionKey.Default("hello"), code, "hash", RichSettings());

        var found = (await Store.FindAsync(FunctionKey.Default("hello")))!;

        Assert.That(found.Code, Is.EqualTo(code));
        Assert.That(found.Settings, Is.EqualTo(RichSettings()));
        Assert.That(found.Settings.Environment["GREETING"], Is.EqualTo("héllo \"quoted\""));
    }

    [Test]
    public async Task Reopen_DataAndVersionsSurvive()
    {
        await Store.CreateAsync(FunctionKey.Default("hello"), "v1", "hash1", RichSettings());
        Time.Advance(TimeSpan.FromSeconds(90));
        var updated = (await Store.UpdateAsync(FunctionKey.Default("hello"), "v2", "hash2", RichSettings()))!;
        await CloseAsync(Store);

        Store = await ReopenAsync(Time);

        Assert.That(await Store.FindAsync(FunctionKey.Default("hello")), Is.EqualTo(updated));
        Assert.That((await Store.UpdateAsync(FunctionKey.Default("hello"), "v3", "h", new FunctionSettings()))!.Version, Is.EqualTo(3));
    }

    [Test]
    public async Task Create_SameNameConcurrently_ExactlyOneWins()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(async () => await Store.CreateAsync(FunctionKey.Default("race"), $"code{i}", "h", new FunctionSettings()))));

        Assert.That(results.Count(r => r is not null), Is.EqualTo(1));
        Assert.That(await Store.ListAsync(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Update_Concurrently_EveryUpdateGetsItsOwnVersion()
    {
        await Store.CreateAsync(FunctionKey.Default("hello"), "v1", "h", new FunctionSettings());

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(async () => await Store.UpdateAsync(FunctionKey.Default("hello"), $"code{i}", "h", new FunctionSettings()))));

        Assert.That(results.Select(r => r!.Version).Order(), Is.EqualTo(Enumerable.Range(2, 8).Select(v => (long)v)));
        Assert.That((await Store.FindAsync(FunctionKey.Default("hello")))!.Version, Is.EqualTo(9));
    }

    [Test]
    public async Task Artifact_WrittenTwice_ReadsTheBytes()
    {
        var assembly = Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray();

        await Store.WriteArtifactAsync("abc123", assembly);
        await Store.WriteArtifactAsync("abc123", assembly);

        Assert.That(await Store.ReadArtifactAsync("abc123"), Is.EqualTo(assembly));
        Assert.That(await Store.ReadArtifactAsync("unknown"), Is.Null);
    }
}
