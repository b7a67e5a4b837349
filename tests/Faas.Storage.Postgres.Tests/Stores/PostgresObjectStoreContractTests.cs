using Faas.Orchestrator.Storage;
using Faas.Storage.Postgres.Database;
using Faas.Storage.Postgres.Stores;
using Faas.Tests.Common.StoreContracts;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Storage.Postgres.Tests.Stores;

[TestFixture]
public sealed class PostgresObjectStoreContractTests : ObjectStoreContract
{
    private TestDatabase _database = null!;
    private PostgresDatabase? _open;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync() => _database = await TestDatabase.CreateAsync();

    protected override async Task<IObjectStore> OpenEmptyAsync(FakeTimeProvider time)
    {
        await _database.EmptyAsync();
        _open = await _database.OpenAsync();
        return new PostgresObjectStore(_open, time);
    }

    protected override async Task CloseAsync(IObjectStore store)
    {
        if (_open is not null)
        {
            await _open.DisposeAsync();
        }
    }
}
