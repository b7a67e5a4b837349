using Faas.Orchestrator.Storage;
using Faas.Orchestrator.Storage.Sqlite;
using Faas.Tests.Common.StoreContracts;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Storage.Sqlite;

[TestFixture]
public sealed class SqliteAccessStoreContractTests : AccessStoreContract
{
    private string _path = null!;
    private SqliteAccessStore? _store;

    protected override Task<(IApiKeyStore Keys, IUserStore Users)> OpenEmptyAsync()
    {
        _path = Path.Combine(Path.GetTempPath(), "faas-contract-" + Guid.NewGuid().ToString("N") + ".db");
        _store = new SqliteAccessStore(_path);
        return Task.FromResult<(IApiKeyStore, IUserStore)>((_store, _store));
    }

    protected override Task CloseAsync()
    {
        _store?.Dispose();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }
}
