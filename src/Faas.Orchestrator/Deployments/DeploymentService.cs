using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Schedules;
using Faas.Orchestrator.Storage;
using Faas.Orchestrator.Validation;
using Microsoft.Extensions.Logging;

namespace Faas.Orchestrator.Deployments;

/// <summary>
/// Deploys through one path: validate (<see cref="DeploymentValidator"/>), build the artifact outside the change
/// lock (a slow compilation never holds up other deploys), then store and switch the function under the lock; older
/// versions beyond those kept are pruned, and the OpenFaaS cron-connector's annotations become (or stop being) a schedule.
/// </summary>
internal sealed partial class DeploymentService(
    FunctionTable functions, IFunctionStore store, FunctionBuilder builder, DeploymentValidator validator, IFunctionLogStore logs,
    VersionRetention retention, ScheduleService schedules, ImagePreparer images, NamespaceQuotas quotas, ILogger<DeploymentService> logger, Objects.IObjectService? objects = null) : IDeploymentService
{
    public async Task<DeployResult> CreateAsync(FunctionKey function, string code, FunctionSettings settings, DeployCaller caller, CancellationToken cancellationToken)
    {
        var name = function.Name;
        if (await validator.ValidateAsync(function, code, settings, caller, cancellationToken).ConfigureAwait(false) is { } invalid)
        {
            return invalid;
        }

        if (functions.Contains(function))
        {
            return Exists(name);
        }

        if (quotas.FunctionProblem(function.Namespace, functions.In(function.Namespace).Count()) is { } refused)
        {
            return refused;
        }

        if (await images.PrepareAsync(settings, caller, cancellationToken).ConfigureAwait(false) is { } unready)
        {
            return unready;
        }

        var (hash, artifact, failure) = await builder.BuildAsync(code, settings, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        using (await functions.ChangesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (functions.Contains(function))
            {
                return Exists(name);
            }

            // Checked again under the change lock: two concurrent creates cannot both take the last function slot.
            if (quotas.FunctionProblem(function.Namespace, functions.In(function.Namespace).Count()) is { } overQuota)
            {
                return overQuota;
            }

            var record = await store.CreateAsync(function, code, hash, settings, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                return await quotas.ExistsAsync(function.Namespace, cancellationToken).ConfigureAwait(false)
                    ? DeployResult.Fail(DeployOutcome.AlreadyExists, $"function '{name}' already exists")
                    : NoNamespace(function.Namespace);
            }

            var entry = functions.Add(record, artifact);
            functions.AnticipateFirstCall(entry);
            await SyncCronAnnotationsAsync(function, settings, cancellationToken).ConfigureAwait(false);
            Log.Deployed(logger, function.Qualified, record.Version);
            return new DeployResult(DeployOutcome.Created, functions.View(entry), [], "created");
        }
    }

    public async Task<DeployResult> UpdateAsync(FunctionKey function, string? code, FunctionSettings settings, DeployCaller caller, CancellationToken cancellationToken)
    {
        var name = function.Name;
        if (!functions.TryGet(function, out var existing))
        {
            return NotFound(name);
        }

        // Validated as the function would end up: a code-only update of a function listing a secret needs its grant too.
        var newCode = settings.Image is not null ? "" : code ?? existing.Record.Code;
        if (await validator.ValidateAsync(function, newCode, settings, caller, cancellationToken).ConfigureAwait(false) is { } invalid)
        {
            return invalid;
        }

        if (await images.PrepareAsync(settings, caller, cancellationToken).ConfigureAwait(false) is { } unready)
        {
            return unready;
        }

        var (hash, artifact, failure) = await builder.BuildAsync(newCode, settings, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        using (await functions.ChangesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!functions.TryGet(function, out var entry))
            {
                return NotFound(name);
            }

            var record = await store.UpdateAsync(function, newCode, hash, settings, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"function '{name}' vanished from the registry");
            functions.Replace(entry, record, artifact);
            await retention.PruneAsync(entry, cancellationToken).ConfigureAwait(false);
            await SyncCronAnnotationsAsync(function, settings, cancellationToken).ConfigureAwait(false);
            Log.Deployed(logger, function.Qualified, record.Version);
            return new DeployResult(DeployOutcome.Updated, functions.View(entry), [], "updated");
        }
    }

    public async Task<bool> DeleteAsync(FunctionKey function, CancellationToken cancellationToken = default)
    {
        FunctionEntry? entry;
        using (await functions.ChangesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!functions.TryRemove(function, out entry))
            {
                return false;
            }

            await store.DeleteAsync(function, CancellationToken.None).ConfigureAwait(false);
            if (objects is not null)
            {
                // A function's objects go with it (a new function of the same name starts with none).
                await objects.DeleteFunctionAsync(Objects.ObjectScope.Of(function), CancellationToken.None).ConfigureAwait(false);
            }
        }

        await FunctionTable.DisposePoolsAsync(entry, entry.Record.Settings.Timeout).ConfigureAwait(false);
        await logs.ForgetAsync(function.Qualified, CancellationToken.None).ConfigureAwait(false);
        Log.Deleted(logger, function.Qualified);
        return true;
    }

    public async Task<DeployResult> ScaleAsync(FunctionKey function, int replicas, CancellationToken cancellationToken = default)
    {
        var name = function.Name;
        if (validator.ScaleProblem(replicas) is { } problem)
        {
            return DeployResult.Fail(DeployOutcome.Invalid, problem);
        }

        using (await functions.ChangesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!functions.TryGet(function, out var entry))
            {
                return NotFound(name);
            }

            var current = entry.Record.Settings;
            var record = await store.SetScaleAsync(function, replicas, Math.Max(current.MaxInstances, Math.Max(replicas, 1)), cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"function '{name}' vanished from the registry");
            functions.Replace(entry, record, entry.Artifact);
            entry.Pool.ScaleTo(replicas);

            Log.Scaled(logger, function.Qualified, replicas);
            return new DeployResult(DeployOutcome.Updated, functions.View(entry), [], "scaled");
        }
    }

    public async Task<IReadOnlyList<string>> ApplyDeclaredAsync(IReadOnlyDictionary<string, DeclaredFunction> declared, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        foreach (var (name, function) in declared)
        {
            var key = new FunctionKey(function.Namespace, name);
            var current = functions.TryGet(key, out var entry) ? entry.Record : null;
            if (current is not null && current.Code == function.Code && current.Settings == function.Settings)
            {
                continue;
            }

            var result = current is null
                ? await CreateAsync(key, function.Code, function.Settings, DeployCaller.Operator, cancellationToken).ConfigureAwait(false)
                : await UpdateAsync(key, function.Code, function.Settings, DeployCaller.Operator, cancellationToken).ConfigureAwait(false);
            if (result.Outcome is not (DeployOutcome.Created or DeployOutcome.Updated))
            {
                var details = string.Join("; ", result.Diagnostics.Select(d => $"({d.Line},{d.Column}) {d.Id}: {d.Message}"));
                errors.Add($"function '{key.Qualified}' from the config could not be deployed: {result.Message}{(details.Length > 0 ? " " + details : "")}");
            }
        }

        return errors;
    }

    /// <summary>Creates, replaces or removes the schedule that the cron-connector's annotations ask for (validated before the deploy).</summary>
    private async Task SyncCronAnnotationsAsync(FunctionKey function, FunctionSettings settings, CancellationToken cancellationToken)
    {
        if (CronAnnotations.SpecOf(settings) is { } spec)
        {
            var result = await schedules.SaveUnlockedAsync(function, spec, ScheduleOrigin.OpenFaas, replace: true, cancellationToken).ConfigureAwait(false);
            if (result.Outcome is not (ChangeOutcome.Created or ChangeOutcome.Done))
            {
                Log.CronAnnotationsIgnored(logger, function.Qualified, result.Message);
            }
        }
        else if ((await store.ListSchedulesAsync(function, cancellationToken).ConfigureAwait(false))
            .Any(s => s.Name == CronAnnotations.ScheduleName && s.Origin == ScheduleOrigin.OpenFaas))
        {
            await store.DeleteScheduleAsync(function, CronAnnotations.ScheduleName, cancellationToken).ConfigureAwait(false);
        }
    }

    private static DeployResult Exists(string name) =>
        DeployResult.Fail(DeployOutcome.AlreadyExists, $"function '{name}' already exists; use PUT /functions/{name} to update it");

    private static DeployResult NoNamespace(string @namespace) => DeployResult.Fail(DeployOutcome.NotFound, $"namespace '{@namespace}' does not exist");

    private static DeployResult NotFound(string name) => DeployResult.Fail(DeployOutcome.NotFound, $"function '{name}' does not exist");

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Function {Function} deployed at version {Version}")]
        public static partial void Deployed(ILogger logger, string function, long version);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Function {Function} deleted")]
        public static partial void Deleted(ILogger logger, string function);

        [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Function {Function} scaled to {Replicas} instance(s)")]
        public static partial void Scaled(ILogger logger, string function, int replicas);

        [LoggerMessage(EventId = 1009, Level = LogLevel.Warning, Message = "Function {Function}: the cron-connector annotations made no schedule: {Reason}")]
        public static partial void CronAnnotationsIgnored(ILogger logger, string function, string reason);
    }
}
