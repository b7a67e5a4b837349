using Faas.Orchestrator.Storage;
using Faas.Storage.Postgres.Database;
using Faas.Storage.Postgres.Stores;
using Faas.Tests.Common.StoreContracts;
using NUnit.Framework;

namespace Faas.Storage.Postgres.Tests.Stores;

[TestFixture]
public sealed class PostgresAccessStoreContractTests : AccessStoreContract
{
    private TestDatabase _database = null!;
    private PostgresDatabase? _open;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync() => _database = await TestDatabase.CreateAsync();

    protected override async Task<(IApiKeyStore Keys, IUserStore Users)> OpenEmptyAsync()
    {
        await _database.EmptyAsync();
        _open = await _database.OpenAsync();
        var store = new PostgresAccessStore(_open);
        return (store, store);
    }

    protected override async Task CloseAsync()
    {
        if (_open is not null)
        {
            await _open.DisposeAsync();
        }
    }
}
