using Faas.Orchestrator.Storage;
using Faas.Storage.Postgres.Database;
using Faas.Storage.Postgres.Stores;
using Faas.Tests.Common.StoreContracts;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Storage.Postgres.Tests.Stores;

[TestFixture]
public sealed class PostgresFunctionStoreContractTests : FunctionStoreContract
{
    private TestDatabase _database = null!;
    private PostgresDatabase? _open;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync() => _database = await TestDatabase.CreateAsync();

    protected override async Task<IFunctionStore> OpenEmptyAsync(FakeTimeProvider time)
    {
        await _database.EmptyAsync();
        return await ReopenAsync(time);
    }

    protected override async Task<IFunctionStore> ReopenAsync(FakeTimeProvider time)
    {
        _open = await _database.OpenAsync();
        return new PostgresFunctionStore(_open, time);
    }

    protected override async Task CloseAsync(IFunctionStore store)
    {
        if (_open is not null)
        {
            await _open.DisposeAsync();
        }
    }
}
