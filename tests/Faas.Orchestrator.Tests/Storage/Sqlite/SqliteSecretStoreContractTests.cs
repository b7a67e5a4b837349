using Faas.Orchestrator.Storage;
using Faas.Orchestrator.Storage.Sqlite;
using Faas.Tests.Common.StoreContracts;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Storage.Sqlite;

[TestFixture]
public sealed class SqliteSecretStoreContractTests : SecretStoreContract
{
    private string _path = null!;

    protected override Task<ISecretStore> OpenEmptyAsync(FakeTimeProvider time)
    {
        _path = Path.Combine(Path.GetTempPath(), "faas-contract-" + Guid.NewGuid().ToString("N") + ".db");
        return Task.FromResult<ISecretStore>(new SqliteSecretStore(_path, new byte[32], time));
    }

    protected override Task CloseAsync(ISecretStore store)
    {
        ((SqliteSecretStore)store).Dispose();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }
}
