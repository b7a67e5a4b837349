using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Logs;
using Faas.Orchestrator.Secrets;
using Faas.Orchestrator.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Faas.Orchestrator.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// The embedded stores, in <see cref="PlatformOptions.StoragePath"/>: <c>registry.db</c> and <c>artifacts/</c>
    /// (functions), <c>secrets.db</c> (sealed with the key from <c>FAAS_SECRETS_KEY</c> or <c>secrets.key</c>),
    /// <c>executions.db</c>, <c>access.db</c> (API keys made over REST, users); logs in memory. Registered only where no other store is.
    /// </summary>
    public static IFaasOrchestratorBuilder AddSqliteStores(this IFaasOrchestratorBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton<IFunctionStore>(sp =>
        {
            var storage = Storage(sp);
            return new SqliteFunctionStore(Path.Combine(storage, "registry.db"), Path.Combine(storage, "artifacts"), sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<ISecretStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<PlatformOptions>>().Value;
            var key = SecretKey.Load(options.SecretsKey, options.SecretsKeyFile ?? Path.Combine(Storage(sp), "secrets.key"));
            return new SqliteSecretStore(Path.Combine(Storage(sp), "secrets.db"), key, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<IExecutionStore>(sp => new SqliteExecutionStore(Path.Combine(Storage(sp), "executions.db"), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IFunctionLogStore, InMemoryFunctionLogStore>();
        services.TryAddSingleton(sp => new SqliteAccessStore(Path.Combine(Storage(sp), "access.db")));
        services.TryAddSingleton<IApiKeyStore>(sp => sp.GetRequiredService<SqliteAccessStore>());
        services.TryAddSingleton<IUserStore>(sp => sp.GetRequiredService<SqliteAccessStore>());
        return builder;
    }

    /// <summary>The storage directory, created first (0711: sandboxes traverse it to reach their socket directories).</summary>
    private static string Storage(IServiceProvider services)
    {
        var path = services.GetRequiredService<IOptions<PlatformOptions>>().Value.StoragePath;
        Directory.CreateDirectory(path, SqliteDatabase.StorageDirectoryMode);
        return path;
    }
}
