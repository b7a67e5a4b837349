using Faas.Orchestrator;
using Faas.Orchestrator.Cluster;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Secrets;
using Faas.Orchestrator.Storage;
using Faas.Storage.Postgres.Cluster;
using Faas.Storage.Postgres.Database;
using Faas.Storage.Postgres.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Faas.Storage.Postgres;

public static class PostgresBuilderExtensions
{
    /// <summary>
    /// Every store on PostgreSQL (functions, versions and artifacts, secrets, executions, logs, API keys and users) in place of the embedded
    /// SQLite ones, and this node made one of a cluster (<see cref="ClusterOptions"/>): membership and heartbeat,
    /// change notifications with a periodic resync, execution leases, draining. The schema is created or migrated at
    /// start, before anything else starts.
    /// </summary>
    public static IFaasOrchestratorBuilder AddPostgresStores(this IFaasOrchestratorBuilder builder, Action<PostgresOptions> configure)
    {
        var services = builder.Services;
        services.AddOptions<PostgresOptions>().Configure(configure);
        services.TryAddSingleton(sp => new PostgresDatabase(sp.GetRequiredService<IOptions<PostgresOptions>>().Value.ConnectionString));
        services.TryAddSingleton(sp =>
        {
            var cluster = sp.GetRequiredService<IOptions<ClusterOptions>>().Value;
            return NodeIdentity.Create(cluster.NodeName, cluster.LeaseTimeout);
        });
        services.TryAddSingleton(sp =>
        {
            var platform = sp.GetRequiredService<IOptions<PlatformOptions>>().Value;
            return new SharedSecretsKey(SecretKey.Load(platform.SecretsKey, platform.SecretsKeyFile ?? Path.Combine(platform.StoragePath, "secrets.key")));
        });
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<PostgresOptions>>().Value);

        services.Replace(ServiceDescriptor.Singleton<IFunctionStore>(sp => new PostgresFunctionStore(Get<PostgresDatabase>(sp), Get<TimeProvider>(sp))));
        services.TryAddSingleton(sp => new PostgresExecutionStore(Get<PostgresDatabase>(sp), Get<NodeIdentity>(sp), Get<TimeProvider>(sp)));
        services.Replace(ServiceDescriptor.Singleton<IExecutionStore>(Get<PostgresExecutionStore>));
        services.Replace(ServiceDescriptor.Singleton<ISecretStore>(sp => new PostgresSecretStore(Get<PostgresDatabase>(sp), Get<SharedSecretsKey>(sp).Value, Get<TimeProvider>(sp))));
        services.TryAddSingleton(sp => new PostgresAccessStore(Get<PostgresDatabase>(sp)));
        services.Replace(ServiceDescriptor.Singleton<IApiKeyStore>(Get<PostgresAccessStore>));
        services.Replace(ServiceDescriptor.Singleton<IUserStore>(Get<PostgresAccessStore>));
        services.Replace(ServiceDescriptor.Singleton<IFunctionLogStore>(sp => new PostgresLogStore(
            Get<PostgresDatabase>(sp), Get<NodeIdentity>(sp), Get<PostgresOptions>(sp), Get<TimeProvider>(sp), Get<ILogger<PostgresLogStore>>(sp))));

        services.TryAddSingleton<NodeRegistry>();
        services.TryAddSingleton<PostgresClusterView>();
        services.TryAddSingleton<ChangeListener>();
        builder.AddCluster(Get<PostgresClusterView>);

        // Before the runtimes and the functions: they need the schema, and a bad connection string should stop start-up at once.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, PostgresStartup>());
        services.AddHostedService(Get<ChangeListener>);
        services.AddHostedService<ClusterHeartbeat>();
        services.AddHostedService<DrainService>();
        return builder;
    }

    private static T Get<T>(IServiceProvider services)
        where T : notnull => services.GetRequiredService<T>();
}
