using Faas.Orchestrator.Storage;
using Faas.Storage.Postgres.Database;
using Faas.Storage.Postgres.Stores;
using Faas.Tests.Common.StoreContracts;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Storage.Postgres.Tests.Stores;

[TestFixture]
public sealed class PostgresSecretStoreContractTests : SecretStoreContract
{
    private TestDatabase _database = null!;
    private PostgresDatabase? _open;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync() => _database = await TestDatabase.CreateAsync();

    protected override async Task<ISecretStore> OpenEmptyAsync(FakeTimeProvider time)
    {
        await _database.EmptyAsync();
        _open = await _database.OpenAsync();
        return new PostgresSecretStore(_open, new byte[32], time);
    }

    protected override async Task CloseAsync(ISecretStore store)
    {
        ((PostgresSecretStore)store).Dispose();
        if (_open is not null)
        {
            await _open.DisposeAsync();
        }
    }
}
