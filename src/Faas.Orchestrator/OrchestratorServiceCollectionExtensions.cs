using System.Diagnostics.Metrics;
using Faas.Orchestrator.Cluster;
using Faas.Orchestrator.Compilation;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Deployments;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Hosting;
using Faas.Orchestrator.Inspection;
using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Objects;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Pools;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Schedules;
using Faas.Orchestrator.Secrets;
using Faas.Orchestrator.Stats.TimeSeries;
using Faas.Orchestrator.Storage;
using Faas.Orchestrator.StemCells;
using Faas.Orchestrator.Telemetry;
using Faas.Orchestrator.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Faas.Orchestrator;

/// <summary>
/// The orchestrator's one composition entry, in the manner of YARP's <c>AddReverseProxy()</c>: every part is
/// registered with <c>TryAdd*</c> (a test replaces any by registering its own first), the stores come from
/// <see cref="AddSqliteStores"/> unless others are registered, and each runtime project adds its runtime to the
/// returned builder (<c>AddProcessRuntime</c>, <c>AddContainerRuntime</c>). Start-up is hosted services, in this
/// order: runtimes, functions (then <see cref="AddExecutions"/>'s worker); they stop in reverse.
/// </summary>
public static class OrchestratorServiceCollectionExtensions
{
    public static IFaasOrchestratorBuilder AddFaasOrchestrator(this IServiceCollection services, Action<PlatformOptions>? configure = null)
    {
        services.AddOptions<PlatformOptions>().Configure(o => configure?.Invoke(o)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PlatformOptions>, PlatformOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();

        services.TryAddSingleton<CompilerWorkers>();
        services.TryAddSingleton<IHandlerCompiler>(sp => sp.GetRequiredService<CompilerWorkers>());
        services.TryAddSingleton(sp => new CompileGate(
            sp.GetRequiredService<IHandlerCompiler>().CompileAsync, Options(sp).MaxConcurrentCompiles, Options(sp).CompileTimeout, sp.GetRequiredService<TimeProvider>()));

        services.TryAddSingleton<RuntimeSet>();
        services.TryAddSingleton<ISystemChecks, SystemChecks>();
        services.TryAddSingleton<InstanceLauncher>();
        services.TryAddSingleton<StemCellPools>();
        services.TryAddSingleton<NamespaceQuotas>();
        services.TryAddSingleton<INamespaceQuotas>(sp => sp.GetRequiredService<NamespaceQuotas>());
        services.TryAddSingleton<INamespaceService, NamespaceService>();
        // The real clock, also where tests fake time: it paces reads of the real /proc/stat.
        services.TryAddSingleton<INodeCpu>(_ => new ProcStatCpu(TimeProvider.System));
        services.TryAddSingleton<FunctionTable>();
        services.TryAddSingleton(sp => new FaasMetrics(
            sp.GetService<IMeterFactory>(), () => sp.GetRequiredService<FunctionTable>().AllCounts(), () => sp.GetRequiredService<StemCellPools>().Counts()));

        services.TryAddSingleton<DeploymentValidator>();
        services.TryAddSingleton<FunctionBuilder>();
        services.TryAddSingleton<ImagePreparer>();
        services.TryAddSingleton<IDeploymentService, DeploymentService>();
        services.TryAddSingleton<VersionRetention>();
        services.TryAddSingleton<IVersionService, VersionService>();
        services.TryAddSingleton<IAliasService, AliasService>();
        services.TryAddSingleton<ScheduleSignal>();
        services.TryAddSingleton<ScheduleService>();
        services.TryAddSingleton<IScheduleService>(sp => sp.GetRequiredService<ScheduleService>());
        services.TryAddSingleton<VersionRouter>();
        services.TryAddSingleton<IFunctionInvoker, FunctionInvoker>();
        services.TryAddSingleton<ISecretService, SecretService>();
        services.TryAddSingleton<IObjectQuota, NamespaceObjectQuota>();
        services.TryAddSingleton<IObjectService, ObjectService>();
        services.TryAddSingleton<IFunctionCatalog, FunctionCatalog>();
        services.TryAddSingleton<IFunctionSeriesReader, FunctionSeriesReader>();
        // A single node unless a clustered registry says otherwise (Cluster/ClusterBuilderExtensions.AddCluster).
        services.AddOptions<ClusterOptions>();
        services.TryAddSingleton<FunctionCatalog>();
        services.TryAddSingleton<INodeReporter, NodeReporter>();
        services.TryAddSingleton<IClusterView, SingleNodeView>();
        services.TryAddSingleton<IClusterSync, ClusterSync>();
        services.TryAddSingleton(DeclaredFunctions.None);

        services.AddHostedService<RuntimesHostedService>();
        services.AddHostedService<FunctionsHostedService>();
        services.AddHostedService<ObjectQuotaHostedService>();
        return new FaasOrchestratorBuilder(services).AddSqliteStores();
    }

    /// <summary>The functions declared in faas_config.yaml, created or updated at start-up (a failure stops start-up).</summary>
    /// <param name="namespaces">The namespaces declared in faas_config.yaml (<c>namespaces:</c>) with their quotas.</param>
    public static IFaasOrchestratorBuilder AddDeclaredFunctions(
        this IFaasOrchestratorBuilder builder, IReadOnlyDictionary<string, DeclaredFunction> functions,
        IReadOnlyDictionary<string, NamespaceQuota?>? namespaces = null)
    {
        builder.Services.Replace(ServiceDescriptor.Singleton(new DeclaredFunctions(functions) { Namespaces = namespaces ?? new Dictionary<string, NamespaceQuota?>() }));
        return builder;
    }

    private static PlatformOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<PlatformOptions>>().Value;
}
