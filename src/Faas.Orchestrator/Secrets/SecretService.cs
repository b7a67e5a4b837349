using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Storage;
using Microsoft.Extensions.Logging;

namespace Faas.Orchestrator.Secrets;

/// <summary>
/// Secret changes, under the same change lock as deploys: a secret in use cannot be deleted, and a new value
/// rolls the functions that mount it to a new version (mounts are fixed when a sandbox starts). Secrets belong to a
/// namespace and are mounted only by its functions.
/// </summary>
internal sealed partial class SecretService(
    FunctionTable functions, ISecretStore secrets, IFunctionStore store, NamespaceQuotas namespaces, ILogger<SecretService> logger)
    : ISecretService
{
    /// <summary>Largest value accepted (OpenFaaS and Kubernetes allow about 1 MiB).</summary>
    public const int MaxValueBytes = 512 * 1024;

    public Task<IReadOnlyList<SecretInfo>> ListAsync(string @namespace, CancellationToken cancellationToken = default) => secrets.ListAsync(@namespace, cancellationToken);

    public async Task<SecretResult> CreateAsync(
        string @namespace, string name, string value, IReadOnlyList<string>? grants = null, CancellationToken cancellationToken = default)
    {
        if (Check(name, value, grants) is { } invalid)
        {
            return invalid;
        }

        if (!await namespaces.ExistsAsync(@namespace, cancellationToken).ConfigureAwait(false))
        {
            return new SecretResult(SecretOutcome.NotFound, $"namespace '{@namespace}' does not exist");
        }

        using (await functions.ChangesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await secrets.CreateAsync(@namespace, name, value, SecretGrants.Normalize(grants ?? []), cancellationToken).ConfigureAwait(false))
            {
                return new SecretResult(SecretOutcome.AlreadyExists, $"secret '{name}' already exists; use PUT to change its value");
            }

            Log.SecretChanged(logger, @namespace, name, "created");
            return new SecretResult(SecretOutcome.Created, "created");
        }
    }

    public async Task<SecretResult> UpdateAsync(
        string @namespace, string name, string? value, IReadOnlyList<string>? grants = null, CancellationToken cancellationToken = default)
    {
        if (Check(name, value, grants) is { } invalid)
        {
            return invalid;
        }

        using (await functions.ChangesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await secrets.UpdateAsync(@namespace, name, value, grants is null ? null : SecretGrants.Normalize(grants), cancellationToken).ConfigureAwait(false))
            {
                return new SecretResult(SecretOutcome.NotFound, $"secret '{name}' does not exist");
            }

            if (value is null)
            {
                // Only the grants changed: they decide future deploys; running instances keep what they mounted.
                Log.SecretChanged(logger, @namespace, name, "granted");
                return new SecretResult(SecretOutcome.Updated, "updated");
            }

            // Mounts are fixed when a sandbox starts: functions that read this secret get fresh instances.
            foreach (var entry in functions.In(@namespace).Where(e => e.Record.Settings.Secrets.Contains(name)).ToList())
            {
                var current = entry.Record;
                var record = await store.UpdateAsync(current.Key, current.Code, current.ArtifactHash, current.Settings, CancellationToken.None)
                    .ConfigureAwait(false);
                if (record is not null)
                {
                    functions.Replace(entry, record, entry.Artifact);
                }
            }

            Log.SecretChanged(logger, @namespace, name, "updated");
            return new SecretResult(SecretOutcome.Updated, "updated");
        }
    }

    public async Task<SecretResult> DeleteAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        using (await functions.ChangesAsync(cancellationToken).ConfigureAwait(false))
        {
            var users = functions.In(@namespace).Where(e => e.Record.Settings.Secrets.Contains(name)).Select(e => e.Record.Name).Order(StringComparer.Ordinal).ToList();
            if (users.Count > 0)
            {
                return new SecretResult(SecretOutcome.InUse, $"secret '{name}' is used by function(s) {string.Join(", ", users)}; remove it from their 'secrets' first");
            }

            if (!await secrets.DeleteAsync(@namespace, name, cancellationToken).ConfigureAwait(false))
            {
                return new SecretResult(SecretOutcome.NotFound, $"secret '{name}' does not exist");
            }

            Log.SecretChanged(logger, @namespace, name, "deleted");
            return new SecretResult(SecretOutcome.Deleted, "deleted");
        }
    }

    private static SecretResult? Check(string name, string? value, IReadOnlyList<string>? grants)
    {
        if (!SecretName.IsValid(name))
        {
            return new SecretResult(SecretOutcome.Invalid, SecretName.Rule);
        }

        if (value is null && grants is null)
        {
            return new SecretResult(SecretOutcome.Invalid, "send a new 'value', new 'grants' or both");
        }

        if (grants is not null && SecretGrants.Problem(grants) is { } problem)
        {
            return new SecretResult(SecretOutcome.Invalid, problem);
        }

        return value is not null && System.Text.Encoding.UTF8.GetByteCount(value) > MaxValueBytes
            ? new SecretResult(SecretOutcome.Invalid, $"a secret's value is at most {MaxValueBytes} bytes")
            : null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Secret {Secret} of namespace {Namespace} {Change}")]
        public static partial void SecretChanged(ILogger logger, string @namespace, string secret, string change);
    }
}
