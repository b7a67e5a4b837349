using Faas.Orchestrator.Deployments;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Storage;
using Faas.Orchestrator.Validation;
using Microsoft.Extensions.Logging;

namespace Faas.Orchestrator.Schedules;

/// <summary>
/// Schedules, changed under the function table's change lock (a schedule naming a version keeps it from being
/// pruned): validated (<see cref="ScheduleRules"/>, a qualifier that exists), stored with their first firing, and the
/// runner woken.
/// </summary>
internal sealed partial class ScheduleService(
    FunctionTable functions, IFunctionStore store, ScheduleSignal signal, TimeProvider time, ILogger<ScheduleService> logger) : IScheduleService
{
    public async Task<IReadOnlyList<ScheduleRecord>?> ListAsync(FunctionKey function, CancellationToken cancellationToken = default) =>
        functions.Contains(function) ? await store.ListSchedulesAsync(function, cancellationToken).ConfigureAwait(false) : null;

    public async Task<ChangeResult<ScheduleRecord>> CreateAsync(FunctionKey function, ScheduleSpec spec, CancellationToken cancellationToken = default)
    {
        using (await functions.ChangesAsync(cancellationToken).ConfigureAwait(false))
        {
            return await SaveUnlockedAsync(function, spec, ScheduleOrigin.Api, replace: false, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<ChangeResult<ScheduleRecord>> DeleteAsync(FunctionKey function, string name, CancellationToken cancellationToken = default)
    {
        using (await functions.ChangesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!functions.Contains(function))
            {
                return ChangeResult<ScheduleRecord>.Fail(ChangeOutcome.NotFound, $"function '{function}' does not exist");
            }

            var existing = (await store.ListSchedulesAsync(function, cancellationToken).ConfigureAwait(false)).FirstOrDefault(s => s.Name == name);
            if (existing is null || !await store.DeleteScheduleAsync(function, name, cancellationToken).ConfigureAwait(false))
            {
                return ChangeResult<ScheduleRecord>.Fail(ChangeOutcome.NotFound, $"function '{function}' has no schedule '{name}'");
            }

            signal.Changed();
            Log.Deleted(logger, function.Qualified, name);
            return new ChangeResult<ScheduleRecord>(ChangeOutcome.Done, existing, "deleted");
        }
    }

    public async Task<IReadOnlyList<string>> ApplyDeclaredAsync(IReadOnlyDictionary<string, DeclaredFunction> declared, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        foreach (var (name, declaration) in declared)
        {
            var function = new FunctionKey(declaration.Namespace, name);
            foreach (var spec in declaration.Schedules)
            {
                using (await functions.ChangesAsync(cancellationToken).ConfigureAwait(false))
                {
                    var result = await SaveUnlockedAsync(function, spec, ScheduleOrigin.Config, replace: true, cancellationToken).ConfigureAwait(false);
                    if (result.Outcome is not (ChangeOutcome.Created or ChangeOutcome.Done))
                    {
                        errors.Add($"schedule '{spec.Name}' of function '{function}' from the config could not be set: {result.Message}");
                    }
                }
            }
        }

        return errors;
    }

    /// <summary>
    /// Validates and stores a schedule; the caller holds the change lock. A replaced schedule whose definition did not
    /// change keeps its times (a restart with the same config neither skips nor repeats a firing).
    /// </summary>
    internal async Task<ChangeResult<ScheduleRecord>> SaveUnlockedAsync(
        FunctionKey function, ScheduleSpec spec, ScheduleOrigin origin, bool replace, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (ScheduleRules.Problem(spec, now, out var cron) is { } problem)
        {
            return ChangeResult<ScheduleRecord>.Fail(ChangeOutcome.Invalid, problem);
        }

        if (!functions.TryGet(function, out var entry))
        {
            return ChangeResult<ScheduleRecord>.Fail(ChangeOutcome.NotFound, $"function '{function}' does not exist");
        }

        if (await QualifierProblemAsync(entry, spec.Qualifier, cancellationToken).ConfigureAwait(false) is { } missing)
        {
            return ChangeResult<ScheduleRecord>.Fail(ChangeOutcome.Invalid, missing);
        }

        var existing = (await store.ListSchedulesAsync(function, cancellationToken).ConfigureAwait(false)).FirstOrDefault(s => s.Name == spec.Name);
        if (existing is not null && !replace)
        {
            return ChangeResult<ScheduleRecord>.Fail(ChangeOutcome.Conflict,
                $"function '{function}' already has a schedule '{spec.Name}'; delete it first to change it");
        }

        var record = new ScheduleRecord(function.Name, spec.Name, spec.Cron.Trim(), spec.TimeZone, spec.Qualifier, spec.Body ?? [], spec.Headers ?? [],
            spec.CatchUp, origin, now, cron!.NextAfter(now)!.Value, null)
        {
            Namespace = function.Namespace,
        };
        if (existing is not null && existing.SameDefinition(record))
        {
            return new ChangeResult<ScheduleRecord>(ChangeOutcome.Done, existing, "unchanged");
        }

        await store.SaveScheduleAsync(record, replace, cancellationToken).ConfigureAwait(false);
        signal.Changed();
        Log.Saved(logger, function.Qualified, spec.Name, record.Cron, record.TimeZone, record.NextRun);
        return new ChangeResult<ScheduleRecord>(existing is null ? ChangeOutcome.Created : ChangeOutcome.Done, record, existing is null ? "created" : "replaced");
    }

    private async Task<string?> QualifierProblemAsync(FunctionEntry entry, string? qualifier, CancellationToken cancellationToken)
    {
        if (qualifier is null)
        {
            return null;
        }

        var name = entry.Record.Name;
        if (VersionRouter.IsVersionNumber(qualifier, out var version))
        {
            return await store.FindVersionAsync(entry.Record.Key, version, cancellationToken).ConfigureAwait(false) is null
                ? $"function '{name}' has no version {version} (never deployed, or no longer kept)"
                : null;
        }

        return entry.Aliases.ContainsKey(qualifier) ? null : $"function '{name}' has no alias '{qualifier}' (create it first with PUT /functions/{name}/aliases/{qualifier})";
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Function {Function}: schedule {Schedule} set ({Cron} in {TimeZone}), first firing at {NextRun}")]
        public static partial void Saved(ILogger logger, string function, string schedule, string cron, string timeZone, DateTimeOffset nextRun);

        [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Function {Function}: schedule {Schedule} deleted")]
        public static partial void Deleted(ILogger logger, string function, string schedule);
    }
}
