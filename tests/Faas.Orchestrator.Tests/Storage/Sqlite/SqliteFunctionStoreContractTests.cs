using Faas.Orchestrator.Storage;
using Faas.Orchestrator.Storage.Sqlite;
using Faas.Tests.Common.StoreContracts;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Storage.Sqlite;

[TestFixture]
public sealed class SqliteFunctionStoreContractTests : FunctionStoreContract
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "faas-contract-" + Guid.NewGuid().ToString("N"));

    protected override Task<IFunctionStore> OpenEmptyAsync(FakeTimeProvider time)
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        return ReopenAsync(time);
    }

    protected override Task<IFunctionStore> ReopenAsync(FakeTimeProvider time) =>
        Task.FromResult<IFunctionStore>(new SqliteFunctionStore(Path.Combine(_directory, "registry.db"), Path.Combine(_directory, "artifacts"), time));

    protected override Task CloseAsync(IFunctionStore store)
    {
        ((SqliteFunctionStore)store).Dispose();
        return Task.CompletedTask;
    }

    [OneTimeTearDown]
    public void RemoveDirectory()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
