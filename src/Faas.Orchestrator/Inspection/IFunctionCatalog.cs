using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Logs;

namespace Faas.Orchestrator.Inspection;

/// <summary>What is deployed and running: functions, their stats, instances and logs; and stopping one instance.</summary>
public interface IFunctionCatalog
{
    FunctionView? Get(string name);

    IReadOnlyList<FunctionView> List();

    FunctionStatsView? GetStats(string name);

    PlatformStats GetPlatformStats();

    IReadOnlyList<InstanceView> ListInstances();

    /// <summary>Stops one instance, named by its runtime id or instance id; false when there is none.</summary>
    bool StopInstance(string runtimeOrInstanceId);

    /// <summary>The function's last <paramref name="tail"/> log lines at or after <paramref name="since"/>.</summary>
    Task<IReadOnlyList<LogEntry>> ReadLogsAsync(string name, int tail, DateTimeOffset? since, CancellationToken cancellationToken = default);
}
