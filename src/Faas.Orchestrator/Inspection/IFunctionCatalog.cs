using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Logs;
using Faas.Orchestrator.Namespaces;

namespace Faas.Orchestrator.Inspection;

/// <summary>What is deployed and running in a namespace: functions, their stats, instances and logs; and stopping one instance.</summary>
public interface IFunctionCatalog
{
    FunctionView? Get(FunctionKey function);

    IReadOnlyList<FunctionView> List(string @namespace);

    FunctionStatsView? GetStats(FunctionKey function);

    /// <summary>The totals of the namespace's functions.</summary>
    PlatformStats GetPlatformStats(string @namespace);

    IReadOnlyList<InstanceView> ListInstances(string @namespace);

    /// <summary>Stops one instance of the namespace, named by its runtime id or instance id; false when it has none such.</summary>
    bool StopInstance(string @namespace, string runtimeOrInstanceId);

    /// <summary>The function's last <paramref name="tail"/> log lines at or after <paramref name="since"/>.</summary>
    Task<IReadOnlyList<LogEntry>> ReadLogsAsync(FunctionKey function, int tail, DateTimeOffset? since, CancellationToken cancellationToken = default);
}
