using System.Globalization;
using Faas.Orchestrator.Deployments;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Storage;

namespace Faas.Orchestrator.Invocation;

/// <summary>
/// Resolves a call's qualifier to a version and that version's pool: none means the newest version (the function's
/// main pool); a number is that version, an alias is one of its routes (weighted). The current version always runs
/// in the main pool; an older one in its own pool, made at its first call from the registry's copy of the version.
/// </summary>
internal sealed class VersionRouter(FunctionTable functions, IFunctionStore store, FunctionBuilder builder)
{
    /// <summary>Bucket of a call through a weighted alias without a routing key (0–99); replaceable in tests.</summary>
    internal Func<int> Random { get; init; } = () => System.Random.Shared.Next(AliasRouting.Buckets);

    public async ValueTask<VersionRoute> RouteAsync(FunctionEntry entry, FunctionTarget target, CancellationToken cancellationToken)
    {
        if (target.Qualifier is not { } qualifier)
        {
            var current = entry.Record;
            return new VersionRoute(current.Version, entry.Pool, current.Settings, "");
        }

        long version;
        if (IsVersionNumber(qualifier, out var number))
        {
            version = number;
        }
        else if (entry.Aliases.TryGetValue(qualifier, out var alias))
        {
            version = AliasRouting.Route(alias, target.RoutingKey, Random);
        }
        else
        {
            return VersionRoute.NotFound(NoQualifier(target, qualifier));
        }

        return await PoolForAsync(entry, version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Null when <paramref name="target"/> can be routed: no qualifier, or one naming a version or an alias of the function;
    /// otherwise why not. Nothing is started (an async call is checked when it is accepted, and runs later).
    /// </summary>
    public async ValueTask<string?> ProblemAsync(FunctionEntry entry, FunctionTarget target, CancellationToken cancellationToken)
    {
        if (target.Qualifier is not { } qualifier)
        {
            return null;
        }

        if (!IsVersionNumber(qualifier, out var version))
        {
            return entry.Aliases.ContainsKey(qualifier) ? null : NoQualifier(target, qualifier);
        }

        var current = entry.Record;
        return current.Version == version || entry.TryGetVersionPool(version, out _, out _)
            || await store.FindVersionAsync(current.Key, version, cancellationToken).ConfigureAwait(false) is not null
            ? null
            : NoVersion(current, version);
    }

    /// <summary>The pool that runs <paramref name="version"/>: the main pool while it is current, its own otherwise.</summary>
    public async ValueTask<VersionRoute> PoolForAsync(FunctionEntry entry, long version, CancellationToken cancellationToken)
    {
        var current = entry.Record;
        if (current.Version == version)
        {
            return new VersionRoute(version, entry.Pool, current.Settings, "");
        }

        if (entry.TryGetVersionPool(version, out var existing, out var kept))
        {
            return new VersionRoute(version, existing, kept, "");
        }

        if (await store.FindVersionAsync(current.Key, version, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return VersionRoute.NotFound(NoVersion(current, version));
        }

        var record = new FunctionRecord(stored.Name, stored.Version, stored.Code, stored.ArtifactHash, stored.Settings, stored.CreatedAt, stored.CreatedAt);
        var pool = functions.VersionPool(entry, record, ct => builder.LoadAsync(record, ct));
        return new VersionRoute(version, pool, stored.Settings, "");
    }

    private static string NoQualifier(FunctionTarget target, string qualifier) => $"function '{target.Function}' has no version or alias '{qualifier}'";

    private static string NoVersion(FunctionRecord current, long version) =>
        $"function '{current.Name}' has no version {version} (it was never deployed or is no longer kept; see GET /functions/{current.Name}/versions)";

    /// <summary>A qualifier made of digits only is a version number (aliases may not be numbers).</summary>
    public static bool IsVersionNumber(string qualifier, out long version) =>
        long.TryParse(qualifier, NumberStyles.None, CultureInfo.InvariantCulture, out version) && version > 0;
}
