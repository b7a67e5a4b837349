using Faas.Gateway.Ui.Auth;
using Faas.Orchestrator.Deployments;
using Faas.Orchestrator.Executions;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Inspection;
using Faas.Orchestrator.Logs;
using Faas.Orchestrator.Secrets;
using Faas.Orchestrator.Stats.TimeSeries;
using Faas.Orchestrator.Storage;

namespace Faas.Gateway.Ui.Actions;

/// <summary>
/// What the dashboard reads, behind the same rights as the REST routes: functions, their code, versions, series and
/// logs, aliases and executions need the manage scope and the key's function limit (as <c>/functions</c>, <c>/stats</c> do); instances and
/// secrets' names need the admin scope; everything is of the session's namespace. A caller without the right gets nothing, as if the thing did not exist.
/// </summary>
internal sealed class DashboardActions(
    IFunctionCatalog catalog, IFunctionSeriesReader series, IFunctionStore store, ISecretService secrets,
    IAliasService aliases, IExecutionStore executions)
{
    /// <summary>How many of a function's executions the dashboard lists (the REST route's default).</summary>
    public const int RecentExecutions = 20;

    public IReadOnlyList<FunctionView> Functions(DashboardCaller caller) =>
        caller.CanManage ? catalog.List(caller.Namespace).Where(f => caller.Allows(f.Name)).ToList() : [];

    public FunctionView? Function(DashboardCaller caller, string name) => MayRead(caller, name) ? catalog.Get(caller.Function(name)) : null;

    public FunctionSeries? Series(DashboardCaller caller, string name) => MayRead(caller, name) ? series.Read(caller.Function(name)) : null;

    /// <summary>The caller's functions added together; empty without the manage scope.</summary>
    public FunctionSeries Totals(DashboardCaller caller) => series.ReadTotal(caller.Namespace, name => caller.CanManage && caller.Allows(name));

    public async Task<string?> CodeAsync(DashboardCaller caller, string name, CancellationToken cancellationToken) =>
        MayRead(caller, name) ? (await store.FindAsync(caller.Function(name), cancellationToken).ConfigureAwait(false))?.Code : null;

    public async Task<IReadOnlyList<FunctionVersion>> VersionsAsync(DashboardCaller caller, string name, CancellationToken cancellationToken) =>
        MayRead(caller, name) ? await store.ListVersionsAsync(caller.Function(name), cancellationToken).ConfigureAwait(false) : [];

    public async Task<IReadOnlyList<FunctionAlias>> AliasesAsync(DashboardCaller caller, string name, CancellationToken cancellationToken) =>
        MayRead(caller, name) ? await aliases.ListAsync(caller.Function(name), cancellationToken).ConfigureAwait(false) ?? [] : [];

    /// <summary>The function's newest async executions (scheduled firings included), newest first.</summary>
    public async Task<IReadOnlyList<ExecutionRecord>> ExecutionsAsync(DashboardCaller caller, string name, CancellationToken cancellationToken) =>
        MayRead(caller, name) ? await executions.ListAsync(caller.Function(name), RecentExecutions, cancellationToken).ConfigureAwait(false) : [];

    public async Task<IReadOnlyList<LogEntry>> LogsAsync(DashboardCaller caller, string name, int tail, CancellationToken cancellationToken) =>
        MayRead(caller, name) && catalog.Get(caller.Function(name)) is not null
            ? await catalog.ReadLogsAsync(caller.Function(name), tail, null, cancellationToken).ConfigureAwait(false)
            : [];

    public IReadOnlyList<InstanceView> Instances(DashboardCaller caller) => caller.IsAdmin ? catalog.ListInstances(caller.Namespace) : [];

    public async Task<IReadOnlyList<SecretInfo>> SecretsAsync(DashboardCaller caller, CancellationToken cancellationToken) =>
        caller.IsAdmin ? await secrets.ListAsync(caller.Namespace, cancellationToken).ConfigureAwait(false) : [];

    private static bool MayRead(DashboardCaller caller, string name) => caller.CanManage && caller.Allows(name);
}
