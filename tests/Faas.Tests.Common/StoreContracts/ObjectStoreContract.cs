using System.Security.Cryptography;
using System.Text;
using Faas.Orchestrator.Objects;
using Faas.Orchestrator.Storage;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Tests.Common.StoreContracts;

/// <summary>
/// What every <see cref="IObjectStore"/> does, whatever keeps it (run against SQLite and PostgreSQL): scopes kept
/// apart, a replace reports what it replaced, content shared by equal objects survives until the last name referring
/// to it goes.
/// </summary>
public abstract class ObjectStoreContract
{
    protected static readonly ObjectScope Fn = new("default", "fn");

    private string _staging = null!;

    protected FakeTimeProvider Time { get; private set; } = null!;

    protected IObjectStore Store { get; private set; } = null!;

    protected abstract Task<IObjectStore> OpenEmptyAsync(FakeTimeProvider time);

    protected abstract Task CloseAsync(IObjectStore store);

    [SetUp]
    public async Task OpenStoreAsync()
    {
        _staging = Directory.CreateTempSubdirectory("faas-staging-").FullName;
        Time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-30T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        Store = await OpenEmptyAsync(Time);
    }

    [TearDown]
    public async Task CloseStoreAsync()
    {
        await CloseAsync(Store);
        Directory.Delete(_staging, recursive: true);
    }

    protected async Task<StagedObject> StageAsync(byte[] content)
    {
        var staging = new ObjectStaging(_staging, 64L << 20);
        await using (staging)
        {
            Assert.That(await staging.WriteAsync(content), Is.True);
            return await staging.CompleteAsync();
        }
    }

    protected async Task<ObjectInfo> PutAsync(ObjectScope scope, string name, string content) =>
        (await Store.PutAsync(scope, name, await StageAsync(Encoding.UTF8.GetBytes(content)))).Stored;

    protected async Task<string?> ReadAsync(ObjectScope scope, string name)
    {
        var content = await Store.OpenReadAsync(scope, name);
        if (content is null)
        {
            return null;
        }

        await using (content)
        {
            using var reader = new StreamReader(content.Content);
            return await reader.ReadToEndAsync();
        }
    }

    [Test]
    public async Task BytesByNamespace_ObjectsInTwoNamespaces_SumsEachWithReplacementsCounted()
    {
        await PutAsync(ObjectScope.Of("fn-a", "team-a"), "one", "12345");
        await PutAsync(ObjectScope.Of("fn-b", "team-a"), "two", "123");
        await PutAsync(ObjectScope.Of("fn-a", "team-b"), "one", "1234567");
        await PutAsync(ObjectScope.Of("fn-a", "team-b"), "one", "12");

        var bytes = await Store.BytesByNamespaceAsync();

        Assert.That(bytes, Is.EquivalentTo(new Dictionary<string, long> { ["team-a"] = 8, ["team-b"] = 2 }));
    }

    [Test]
    public async Task Put_NewObject_ListedWithSizeHashAndTime()
    {
        var (stored, replaced) = await Store.PutAsync(Fn, "data.csv", await StageAsync("a,b\n1,2\n"u8.ToArray()));

        var listed = await Store.ListAsync(Fn);

        Assert.That(replaced, Is.Null);
        Assert.That(stored.Size, Is.EqualTo(8));
        Assert.That(stored.Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData("a,b\n1,2\n"u8))));
        Assert.That(listed, Has.Count.EqualTo(1));
        Assert.That(listed[0].Name, Is.EqualTo("data.csv"));
        Assert.That(listed[0].Sha256, Is.EqualTo(stored.Sha256));
        Assert.That(listed[0].UpdatedAt, Is.EqualTo(Time.GetUtcNow()));
    }

    [Test]
    public async Task Put_ExistingName_ReplacesAndReportsTheReplacedSize()
    {
        await PutAsync(Fn, "x", "first");

        var (stored, replaced) = await Store.PutAsync(Fn, "x", await StageAsync("second!"u8.ToArray()));

        Assert.That(replaced, Is.EqualTo(5));
        Assert.That(stored.Size, Is.EqualTo(7));
        Assert.That(await ReadAsync(Fn, "x"), Is.EqualTo("second!"));
        Assert.That(await Store.ListAsync(Fn), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Put_Replace_MovesUpdatedAt()
    {
        await PutAsync(Fn, "x", "first");
        Time.Advance(TimeSpan.FromMinutes(3));

        await PutAsync(Fn, "x", "second");

        Assert.That((await Store.GetAsync(Fn, "x"))?.UpdatedAt, Is.EqualTo(Time.GetUtcNow()));
    }

    [Test]
    public async Task OpenRead_Missing_ReturnsNull()
    {
        Assert.That(await Store.OpenReadAsync(Fn, "nothing"), Is.Null);
        Assert.That(await Store.GetAsync(Fn, "nothing"), Is.Null);
    }

    [Test]
    public async Task Scopes_SameNameInOtherFunctionOrNamespace_KeptApart()
    {
        var other = new ObjectScope("default", "other");
        var elsewhere = new ObjectScope("team-b", "fn");
        await PutAsync(Fn, "x", "mine");
        await PutAsync(other, "x", "theirs");

        Assert.That(await ReadAsync(Fn, "x"), Is.EqualTo("mine"));
        Assert.That(await ReadAsync(other, "x"), Is.EqualTo("theirs"));
        Assert.That(await ReadAsync(elsewhere, "x"), Is.Null);
        Assert.That(await Store.ListAsync(elsewhere), Is.Empty);
    }

    [Test]
    public async Task Delete_OneOfTwoNamesWithEqualContent_TheOtherStillReads()
    {
        await PutAsync(Fn, "a", "same content");
        await PutAsync(new ObjectScope("default", "other"), "b", "same content");

        var deleted = await Store.DeleteAsync(Fn, "a");

        Assert.That(deleted?.Size, Is.EqualTo(12));
        Assert.That(await ReadAsync(Fn, "a"), Is.Null);
        Assert.That(await ReadAsync(new ObjectScope("default", "other"), "b"), Is.EqualTo("same content"));
        Assert.That(await Store.DeleteAsync(Fn, "a"), Is.Null);
    }

    [Test]
    public async Task Replace_WithContentAnotherNameShares_BothStayReadable()
    {
        await PutAsync(Fn, "a", "one");
        await PutAsync(Fn, "b", "two");

        await PutAsync(Fn, "a", "two");
        await PutAsync(Fn, "b", "three");

        Assert.That(await ReadAsync(Fn, "a"), Is.EqualTo("two"));
        Assert.That(await ReadAsync(Fn, "b"), Is.EqualTo("three"));
    }

    [Test]
    public async Task DeleteAll_RemovesOnlyThatFunctionsObjectsAndCountsTheirBytes()
    {
        await PutAsync(Fn, "a", "1234");
        await PutAsync(Fn, "b", "56");
        await PutAsync(new ObjectScope("default", "other"), "a", "kept");

        var freed = await Store.DeleteAllAsync(Fn);

        Assert.That(freed, Is.EqualTo(6));
        Assert.That(await Store.ListAsync(Fn), Is.Empty);
        Assert.That(await ReadAsync(new ObjectScope("default", "other"), "a"), Is.EqualTo("kept"));
    }

    [Test]
    public async Task OpenRead_ContentOfSeveralMebibytes_ReadsBackExactly()
    {
        var content = new byte[(5 << 19) + 17];
        Random.Shared.NextBytes(content);
        await Store.PutAsync(Fn, "big", await StageAsync(content));

        var opened = await Store.OpenReadAsync(Fn, "big");
        using var copy = new MemoryStream();
        await using (opened!)
        {
            await opened!.Content.CopyToAsync(copy, 100_000);
        }

        Assert.That(opened.Info.Size, Is.EqualTo(content.Length));
        Assert.That(copy.ToArray(), Is.EqualTo(content));
    }

    [Test]
    public async Task Put_EmptyContent_StoredAndReadsEmpty()
    {
        var (stored, _) = await Store.PutAsync(Fn, "empty", await StageAsync([]));

        Assert.That(stored.Size, Is.Zero);
        Assert.That(await ReadAsync(Fn, "empty"), Is.Empty);
    }
}
