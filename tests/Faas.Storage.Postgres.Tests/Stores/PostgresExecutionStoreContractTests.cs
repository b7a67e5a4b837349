using Faas.Orchestrator.Storage;
using Faas.Storage.Postgres.Cluster;
using Faas.Storage.Postgres.Database;
using Faas.Storage.Postgres.Stores;
using Faas.Tests.Common.StoreContracts;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Storage.Postgres.Tests.Stores;

[TestFixture]
public sealed class PostgresExecutionStoreContractTests : ExecutionStoreContract
{
    private TestDatabase _database = null!;
    private PostgresDatabase? _open;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync() => _database = await TestDatabase.CreateAsync();

    protected override async Task<IExecutionStore> OpenEmptyAsync(FakeTimeProvider time)
    {
        await _database.EmptyAsync();
        _open = await _database.OpenAsync();
        return new PostgresExecutionStore(_open, NodeIdentity.Create("node-a", TimeSpan.FromSeconds(15)), time);
    }

    protected override async Task CloseAsync(IExecutionStore store)
    {
        if (_open is not null)
        {
            await _open.DisposeAsync();
        }
    }
}
