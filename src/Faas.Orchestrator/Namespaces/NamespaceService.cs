using Faas.Orchestrator.Deployments;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Storage;
using Microsoft.Extensions.Logging;

namespace Faas.Orchestrator.Namespaces;

/// <summary>
/// Creates, lists and deletes namespaces and sets their quotas. A namespace is removed only when empty: its functions
/// are checked by the registry in the same transaction as the removal, its secrets (and whatever the registered
/// <see cref="INamespaceContents"/> hold) just before, under the deploy lock.
/// </summary>
internal sealed partial class NamespaceService(
    IFunctionStore store, ISecretStore secrets, FunctionTable functions, NamespaceQuotas quotas, IEnumerable<INamespaceContents> contents,
    ILogger<NamespaceService> logger) : INamespaceService
{
    public async Task<IReadOnlyList<NamespaceView>> ListAsync(CancellationToken cancellationToken = default) =>
        (await store.ListNamespacesAsync(cancellationToken).ConfigureAwait(false)).Select(View).ToList();

    public async Task<NamespaceView?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        (await store.ListNamespacesAsync(cancellationToken).ConfigureAwait(false)).Where(n => n.Name == name).Select(View).FirstOrDefault();

    public async Task<ChangeResult<NamespaceView>> CreateAsync(string name, NamespaceQuota? quota = null, CancellationToken cancellationToken = default)
    {
        if (!NamespaceName.IsValid(name))
        {
            return ChangeResult<NamespaceView>.Fail(ChangeOutcome.Invalid, NamespaceName.Problem(name));
        }

        if (QuotaProblem(quota) is { } problem)
        {
            return ChangeResult<NamespaceView>.Fail(ChangeOutcome.Invalid, problem);
        }

        if (!await store.CreateNamespaceAsync(name, quota ?? NamespaceQuota.Unlimited, cancellationToken).ConfigureAwait(false))
        {
            return ChangeResult<NamespaceView>.Fail(ChangeOutcome.Conflict, $"namespace '{name}' already exists");
        }

        quotas.Set(name, quota ?? NamespaceQuota.Unlimited);
        Log.Created(logger, name);
        return new ChangeResult<NamespaceView>(ChangeOutcome.Created, await GetAsync(name, cancellationToken).ConfigureAwait(false), "created");
    }

    public async Task<ChangeResult<NamespaceView>> SetQuotaAsync(string name, NamespaceQuota quota, CancellationToken cancellationToken = default)
    {
        if (QuotaProblem(quota) is { } problem)
        {
            return ChangeResult<NamespaceView>.Fail(ChangeOutcome.Invalid, problem);
        }

        if (!await store.SetNamespaceQuotaAsync(name, quota, cancellationToken).ConfigureAwait(false))
        {
            return ChangeResult<NamespaceView>.Fail(ChangeOutcome.NotFound, $"namespace '{name}' does not exist");
        }

        quotas.Set(name, quota);
        Log.QuotaSet(logger, name);
        return new ChangeResult<NamespaceView>(ChangeOutcome.Done, await GetAsync(name, cancellationToken).ConfigureAwait(false), "quota set");
    }

    public async Task<ChangeResult<NamespaceView>> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        using (await functions.ChangesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (name == NamespaceName.Default)
            {
                return ChangeResult<NamespaceView>.Fail(ChangeOutcome.Conflict, $"the '{NamespaceName.Default}' namespace cannot be deleted");
            }

            if (await GetAsync(name, cancellationToken).ConfigureAwait(false) is null)
            {
                return ChangeResult<NamespaceView>.Fail(ChangeOutcome.NotFound, $"namespace '{name}' does not exist");
            }

            var held = new List<string>();
            var count = functions.In(name).Count();
            if (count > 0)
            {
                held.Add($"{count} function(s)");
            }

            var secretCount = (await secrets.ListAsync(name, cancellationToken).ConfigureAwait(false)).Count;
            if (secretCount > 0)
            {
                held.Add($"{secretCount} secret(s)");
            }

            foreach (var part in contents)
            {
                if (await part.HeldInAsync(name, cancellationToken).ConfigureAwait(false) is { } what)
                {
                    held.Add(what);
                }
            }

            if (held.Count > 0)
            {
                return ChangeResult<NamespaceView>.Fail(ChangeOutcome.Conflict, $"namespace '{name}' still holds {string.Join(", ", held)}: delete them first");
            }

            switch (await store.DeleteNamespaceAsync(name, cancellationToken).ConfigureAwait(false))
            {
                case NamespaceDeletion.NotFound:
                    return ChangeResult<NamespaceView>.Fail(ChangeOutcome.NotFound, $"namespace '{name}' does not exist");
                case NamespaceDeletion.NotEmpty:
                    return ChangeResult<NamespaceView>.Fail(ChangeOutcome.Conflict, $"namespace '{name}' still holds functions: delete them first");
                case NamespaceDeletion.Default:
                    return ChangeResult<NamespaceView>.Fail(ChangeOutcome.Conflict, $"the '{NamespaceName.Default}' namespace cannot be deleted");
            }

            quotas.Forget(name);
            Log.Deleted(logger, name);
            return new ChangeResult<NamespaceView>(ChangeOutcome.Done, null, "deleted");
        }
    }

    public async Task ApplyDeclaredAsync(IReadOnlyDictionary<string, NamespaceQuota?> declared, CancellationToken cancellationToken)
    {
        foreach (var (name, quota) in declared)
        {
            if (!await store.CreateNamespaceAsync(name, quota ?? NamespaceQuota.Unlimited, cancellationToken).ConfigureAwait(false) && quota is not null)
            {
                await store.SetNamespaceQuotaAsync(name, quota, cancellationToken).ConfigureAwait(false);
            }
        }

        await quotas.LoadAsync(cancellationToken).ConfigureAwait(false);
    }

    private NamespaceView View(NamespaceRecord record) =>
        new(record.Name, record.Quota, quotas.UsageOf(record.Name, functions.In(record.Name).Count()), record.CreatedAt);

    private static string? QuotaProblem(NamespaceQuota? quota) =>
        quota is null ? null
        : quota.Functions < 0 || quota.Instances < 0 || quota.MemoryBytes < 0 || quota.ObjectBytes < 0 ? "a quota must not be negative"
        : null;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1701, Level = LogLevel.Information, Message = "Namespace {Namespace} created")]
        public static partial void Created(ILogger logger, string @namespace);

        [LoggerMessage(EventId = 1702, Level = LogLevel.Information, Message = "Namespace {Namespace} deleted")]
        public static partial void Deleted(ILogger logger, string @namespace);

        [LoggerMessage(EventId = 1703, Level = LogLevel.Information, Message = "Namespace {Namespace}: quota set")]
        public static partial void QuotaSet(ILogger logger, string @namespace);
    }
}
