using System.Globalization;
using System.Text.Json;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Storage;
using Faas.Storage.Postgres.Database;
using Npgsql;

namespace Faas.Storage.Postgres.Stores;

/// <summary>The version history: every create and update is a row of <c>function_versions</c>, pruned to the newest few.</summary>
internal sealed partial class PostgresFunctionStore
{
    private const string VersionColumns = "name, version, code, artifact_hash, settings::text, created_at, namespace";

    public Task<IReadOnlyList<FunctionVersion>> ListVersionsAsync(FunctionKey name, CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<FunctionVersion>>(async c => await c.ListAsync(
            $"SELECT {VersionColumns} FROM function_versions WHERE namespace = @ns AND name = @name ORDER BY version", null, ReadVersion, cancellationToken, ("ns", name.Namespace), ("name", name.Name))
            .ConfigureAwait(false), cancellationToken);

    public Task<FunctionVersion?> FindVersionAsync(FunctionKey name, long version, CancellationToken cancellationToken = default) =>
        database.RunAsync(async c => (await c.ListAsync(
            $"SELECT {VersionColumns} FROM function_versions WHERE namespace = @ns AND name = @name AND version = @version", null, ReadVersion, cancellationToken,
            ("ns", name.Namespace), ("name", name.Name), ("version", version)).ConfigureAwait(false)).FirstOrDefault(), cancellationToken);

    /// <summary>
    /// Keeps the newest <paramref name="keep"/> versions and every version an alias routes to or a schedule names by
    /// number; the function's row is locked meanwhile, so a deploy on another node waits rather than races it.
    /// </summary>
    public Task<IReadOnlyList<long>> PruneVersionsAsync(FunctionKey name, int keep, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync<IReadOnlyList<long>>(async (c, t) =>
        {
            await c.ExecuteAsync("SELECT 1 FROM functions WHERE namespace = @ns AND name = @name FOR UPDATE", t, cancellationToken, ("ns", name.Namespace), ("name", name.Name)).ConfigureAwait(false);
            var all = await c.ListAsync("SELECT version FROM function_versions WHERE namespace = @ns AND name = @name ORDER BY version DESC", t, r => r.GetInt64(0),
                cancellationToken, ("ns", name.Namespace), ("name", name.Name)).ConfigureAwait(false);
            var kept = all.Take(Math.Max(keep, 1)).ToHashSet();
            foreach (var alias in await AliasesAsync(c, t, name, cancellationToken).ConfigureAwait(false))
            {
                kept.UnionWith(alias.Routes.Select(r => r.Version));
            }

            var qualifiers = await c.ListAsync("SELECT qualifier FROM schedules WHERE namespace = @ns AND function = @name AND qualifier IS NOT NULL", t, r => r.GetString(0),
                cancellationToken, ("ns", name.Namespace), ("name", name.Name)).ConfigureAwait(false);
            foreach (var qualifier in qualifiers)
            {
                if (long.TryParse(qualifier, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
                {
                    kept.Add(version);
                }
            }

            var removed = all.Where(v => !kept.Contains(v)).ToList();
            if (removed.Count > 0)
            {
                await c.ExecuteAsync("DELETE FROM function_versions WHERE namespace = @ns AND name = @name AND version = ANY(@versions)", t, cancellationToken,
                    ("ns", name.Namespace), ("name", name.Name), ("versions", removed.ToArray())).ConfigureAwait(false);
                await NotifyAsync(c, t, name, cancellationToken).ConfigureAwait(false);
            }

            return removed;
        }, cancellationToken);

    private static FunctionVersion ReadVersion(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetString(3),
        JsonSerializer.Deserialize<FunctionSettings>(r.GetString(4), Json)!, r.Time(5))
    {
        Namespace = r.GetString(6),
    };
}
