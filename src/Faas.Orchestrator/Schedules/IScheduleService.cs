using Faas.Orchestrator.Deployments;
using Faas.Orchestrator.Storage;

using Faas.Orchestrator.Namespaces;

namespace Faas.Orchestrator.Schedules;

/// <summary>Functions run on cron schedules: each firing is an async execution (retries, callbacks, <c>GET /executions/{id}</c>).</summary>
public interface IScheduleService
{
    /// <summary>The function's schedules with their next and last runs; null when the function does not exist.</summary>
    Task<IReadOnlyList<ScheduleRecord>?> ListAsync(FunctionKey function, CancellationToken cancellationToken = default);

    /// <summary>Adds a schedule (conflict when one of that name exists); validated, its qualifier must name a version or alias that exists.</summary>
    Task<ChangeResult<ScheduleRecord>> CreateAsync(FunctionKey function, ScheduleSpec spec, CancellationToken cancellationToken = default);

    Task<ChangeResult<ScheduleRecord>> DeleteAsync(FunctionKey function, string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates or replaces the schedules declared in faas_config.yaml on functions already deployed (a changed declaration
    /// starts over from its next firing); returns one line per schedule that could not be set.
    /// </summary>
    Task<IReadOnlyList<string>> ApplyDeclaredAsync(IReadOnlyDictionary<string, DeclaredFunction> declared, CancellationToken cancellationToken);
}
