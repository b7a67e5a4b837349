using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Objects;
using Faas.Orchestrator.Storage;
using Faas.Orchestrator.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Faas.Orchestrator.Tests.Objects;

/// <summary>A real object service over SQLite stores in a temporary directory, with a function registry to say which functions exist.</summary>
internal sealed class ObjectServiceFixture : IDisposable
{
    public ObjectServiceFixture(long maxObjectBytes = 64L << 20, long quota = long.MaxValue)
    {
        Storage = Directory.CreateTempSubdirectory("faas-objsvc-").FullName;
        Options = new PlatformOptions { StoragePath = Storage, MaxObjectBytes = maxObjectBytes, ColdStartTimeout = TimeSpan.FromSeconds(60) };
        Functions = new SqliteFunctionStore(Path.Combine(Storage, StorageFiles.Registry), Path.Combine(Storage, StorageFiles.Artifacts), TimeProvider.System);
        Store = new SqliteObjectStore(Path.Combine(Storage, StorageFiles.Objects), Path.Combine(Storage, StorageFiles.ObjectContent), TimeProvider.System);
        Quota = new LimitedQuota(quota);
        Service = new ObjectService(Functions, Store, Quota, Microsoft.Extensions.Options.Options.Create(Options), NullLogger<ObjectService>.Instance);
    }

    public string Storage { get; }

    public PlatformOptions Options { get; }

    public SqliteFunctionStore Functions { get; }

    public SqliteObjectStore Store { get; }

    public LimitedQuota Quota { get; }

    public ObjectService Service { get; }

    public async Task<FunctionRecord> CreateFunctionAsync(string name, string code = "object Handle(FaasRequest r) => 1;", string hash = "0")
    {
        return await Functions.CreateAsync(FunctionKey.Default(name), code, hash, new FunctionSettings())
            ?? throw new InvalidOperationException($"function {name} exists");
    }

    public async Task<ObjectCallResult<ObjectInfo>> WriteAsync(string function, string name, byte[] content)
    {
        var scope = ObjectScope.Of(function);
        var begun = await Service.BeginWriteAsync(scope, name);
        if (begun.Value is not { } staging)
        {
            return ObjectCallResult<ObjectInfo>.Fail(begun.Outcome, begun.Message);
        }

        await using (staging)
        {
            if (!await staging.WriteAsync(content))
            {
                return ObjectCallResult<ObjectInfo>.Fail(ObjectOutcome.TooLarge, Service.TooLargeMessage);
            }

            return await Service.CommitAsync(scope, name, await staging.CompleteAsync());
        }
    }

    public void Dispose()
    {
        Store.Dispose();
        Functions.Dispose();
        Directory.Delete(Storage, recursive: true);
    }
}
