using Faas.Orchestrator.Objects;
using Faas.Orchestrator.Storage;
using Faas.Orchestrator.Storage.Sqlite;
using Faas.Tests.Common.StoreContracts;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Storage.Sqlite;

/// <summary>The object store contract on SQLite, and what only the SQLite store does: content files named by hash, private, counted.</summary>
[TestFixture]
public sealed class SqliteObjectStoreTests : ObjectStoreContract
{
    private string _directory = null!;
    private SqliteObjectStore _store = null!;
    private TimeProvider _time = TimeProvider.System;

    private string Root => Path.Combine(_directory, "objects");

    protected override Task<IObjectStore> OpenEmptyAsync(FakeTimeProvider time)
    {
        _directory = Directory.CreateTempSubdirectory("faas-objects-").FullName;
        _time = time;
        _store = Open();
        return Task.FromResult<IObjectStore>(_store);
    }

    protected override Task CloseAsync(IObjectStore store)
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    private SqliteObjectStore Open() => new(Path.Combine(_directory, StorageFiles.Objects), Root, _time);

    [Test]
    public async Task Put_Content_StoredOnceUnderItsHashOwnerOnly()
    {
        var info = await PutAsync(Fn, "a", "hello");
        await PutAsync(Fn, "b", "hello");

        var file = Path.Combine(Root, info.Sha256);
        Assert.That(Directory.GetFiles(Root), Is.EqualTo(new[] { file }));
        Assert.That(File.GetUnixFileMode(file), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(File.GetUnixFileMode(Root), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
        Assert.That(File.GetUnixFileMode(Path.Combine(_directory, StorageFiles.Objects)), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }

    [Test]
    public async Task Delete_LastReference_RemovesTheContentFile()
    {
        var info = await PutAsync(Fn, "a", "hello");
        await PutAsync(Fn, "b", "hello");

        await Store.DeleteAsync(Fn, "a");
        var afterFirst = File.Exists(Path.Combine(Root, info.Sha256));
        await Store.DeleteAsync(Fn, "b");

        Assert.That(afterFirst, Is.True);
        Assert.That(Directory.GetFiles(Root), Is.Empty);
    }

    [Test]
    public async Task Replace_OldContentUnreferenced_RemovesItsFile()
    {
        var first = await PutAsync(Fn, "a", "old");

        var second = await PutAsync(Fn, "a", "new");

        Assert.That(Directory.GetFiles(Root), Is.EqualTo(new[] { Path.Combine(Root, second.Sha256) }));
        Assert.That(first.Sha256, Is.Not.EqualTo(second.Sha256));
    }

    [Test]
    public async Task Open_UnreferencedContentLeftByACrash_IsRemovedAndStoredObjectsKept()
    {
        var kept = await PutAsync(Fn, "a", "kept");
        var stray = Path.Combine(Root, new string('a', 64));
        await File.WriteAllTextAsync(stray, "left behind");
        _store.Dispose();

        _store = Open();

        Assert.That(File.Exists(stray), Is.False);
        Assert.That((await _store.GetAsync(Fn, "a"))?.Sha256, Is.EqualTo(kept.Sha256));
        Assert.That(File.Exists(Path.Combine(Root, kept.Sha256)), Is.True);
    }

    /// <summary>An open stream is a file descriptor: a delete unlinks the file, the reader still reads it to its end.</summary>
    [Test]
    public async Task OpenRead_ThenDeleted_TheOpenStreamStillReadsEverything()
    {
        var content = new byte[300_000];
        Random.Shared.NextBytes(content);
        await Store.PutAsync(Fn, "big", await StageAsync(content));
        var opened = await Store.OpenReadAsync(Fn, "big");

        await Store.DeleteAsync(Fn, "big");
        using var copy = new MemoryStream();
        await using (opened!)
        {
            await opened!.Content.CopyToAsync(copy);
        }

        Assert.That(copy.ToArray(), Is.EqualTo(content));
    }
}
