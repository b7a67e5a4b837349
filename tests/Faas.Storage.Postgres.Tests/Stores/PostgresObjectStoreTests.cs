using Faas.Orchestrator.Objects;
using Faas.Storage.Postgres.Database;
using Faas.Storage.Postgres.Stores;
using Npgsql;
using NUnit.Framework;

namespace Faas.Storage.Postgres.Tests.Stores;

/// <summary>What only the PostgreSQL object store does: content in pieces shared by a cluster's nodes, removed with its last reference.</summary>
[TestFixture]
public sealed class PostgresObjectStoreTests
{
    private static readonly ObjectScope s_scope = ObjectScope.Of("fn");

    private TestDatabase _database = null!;
    private string _staging = null!;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync() => _database = await TestDatabase.CreateAsync();

    [SetUp]
    public async Task SetUp()
    {
        await _database.EmptyAsync();
        _staging = Directory.CreateTempSubdirectory("faas-pgobj-").FullName;
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_staging, recursive: true);

    private async Task<StagedObject> StageAsync(byte[] content)
    {
        var staging = new ObjectStaging(_staging, 64L << 20);
        await using (staging)
        {
            await staging.WriteAsync(content);
            return await staging.CompleteAsync();
        }
    }

    private async Task<long> PiecesAsync()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM object_content", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Test]
    public async Task Put_OnOneNode_ReadOnAnother()
    {
        await using var first = await _database.OpenAsync();
        await using var second = await _database.OpenAsync();
        var content = new byte[(3 << 20) + 5];
        Random.Shared.NextBytes(content);

        await new PostgresObjectStore(first, TimeProvider.System).PutAsync(s_scope, "model.bin", await StageAsync(content));
        var opened = await new PostgresObjectStore(second, TimeProvider.System).OpenReadAsync(s_scope, "model.bin");
        using var copy = new MemoryStream();
        await using (opened!)
        {
            await opened!.Content.CopyToAsync(copy);
        }

        Assert.That(copy.ToArray(), Is.EqualTo(content));
        Assert.That(await PiecesAsync(), Is.EqualTo(4), "3 MiB + 5 bytes in pieces of 1 MiB");
    }

    [Test]
    public async Task Delete_LastReference_RemovesThePieces()
    {
        await using var database = await _database.OpenAsync();
        var store = new PostgresObjectStore(database, TimeProvider.System);
        await store.PutAsync(s_scope, "a", await StageAsync("shared"u8.ToArray()));
        await store.PutAsync(s_scope, "b", await StageAsync("shared"u8.ToArray()));

        await store.DeleteAsync(s_scope, "a");
        var afterFirst = await PiecesAsync();
        await store.DeleteAsync(s_scope, "b");

        Assert.That(afterFirst, Is.EqualTo(1));
        Assert.That(await PiecesAsync(), Is.Zero);
    }

    [Test]
    public async Task Puts_SameContentFromTwoNodesAtOnce_StoredOnceAndBothNamesRead()
    {
        await using var first = await _database.OpenAsync();
        await using var second = await _database.OpenAsync();
        var content = new byte[1 << 20];
        Random.Shared.NextBytes(content);

        await Task.WhenAll(
            new PostgresObjectStore(first, TimeProvider.System).PutAsync(s_scope, "a", await StageAsync(content)),
            new PostgresObjectStore(second, TimeProvider.System).PutAsync(s_scope, "b", await StageAsync(content)));

        Assert.That(await PiecesAsync(), Is.EqualTo(1));
        Assert.That((await new PostgresObjectStore(first, TimeProvider.System).ListAsync(s_scope)).Select(o => o.Name), Is.EqualTo(new[] { "a", "b" }));
    }
}
