using System.Text.Json;
using System.Text.Json.Serialization;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Storage;
using Faas.Storage.Postgres.Database;
using Npgsql;

namespace Faas.Storage.Postgres.Stores;

/// <summary>
/// Functions, their version history and compiled artifacts in PostgreSQL, shared by every node: a node that never
/// saw a function loads its artifact from here. Each change is one transaction that also sends
/// <c>NOTIFY faas_functions</c> with the function's name, delivered to every node once the change is committed
/// (aliases, schedules and pruned versions too). Versions, aliases and schedules are in the partial files beside this
/// one; aliases' and schedules' times are Unix milliseconds, as on SQLite, so a firing's claim is an exact compare-and-set.
/// </summary>
internal sealed partial class PostgresFunctionStore(PostgresDatabase database, TimeProvider time) : IFunctionStore
{
    public const string Channel = "faas_functions";
    private const string Columns = "name, version, code, artifact_hash, settings::text, created_at, updated_at, namespace";

    internal static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public Task<IReadOnlyList<FunctionRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<FunctionRecord>>(async c =>
            await c.ListAsync($"SELECT {Columns} FROM functions ORDER BY namespace COLLATE \"C\", name COLLATE \"C\"", null, ReadRecord, cancellationToken).ConfigureAwait(false),
            cancellationToken);

    public Task<FunctionRecord?> FindAsync(FunctionKey function, CancellationToken cancellationToken = default) =>
        database.RunAsync(c => FindAsync(c, null, function, cancellationToken), cancellationToken);

    public Task<FunctionRecord?> CreateAsync(FunctionKey function, string code, string artifactHash, FunctionSettings settings, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync<FunctionRecord?>(async (c, t) =>
        {
            var name = function.Name;
            var now = Sql.Micros(time.GetUtcNow());
            var record = new FunctionRecord(name, 1, code, artifactHash, settings, now, now) { Namespace = function.Namespace };
            // Only into a namespace that exists, checked in the statement (a namespace deleted meanwhile takes no function).
            var inserted = await c.ExecuteAsync(
                "INSERT INTO functions (namespace, name, version, code, artifact_hash, settings, created_at, updated_at) " +
                "SELECT @ns, @name, 1, @code, @hash, @settings, @now, @now WHERE EXISTS (SELECT 1 FROM namespaces WHERE name = @ns FOR SHARE) " +
                "ON CONFLICT (namespace, name) DO NOTHING",
                t, cancellationToken, ("ns", function.Namespace), ("name", name), ("code", code), ("hash", artifactHash), ("settings", SettingsJson(settings)), ("now", now))
                .ConfigureAwait(false);
            if (inserted == 0)
            {
                return null;
            }

            // A name deleted before may have left no history (delete removes it), but be sure version 1 is this one.
            await c.ExecuteAsync("DELETE FROM function_versions WHERE namespace = @ns AND name = @name", t, cancellationToken,
                ("ns", function.Namespace), ("name", name)).ConfigureAwait(false);
            await WriteVersionAsync(c, t, record, cancellationToken).ConfigureAwait(false);
            await NotifyAsync(c, t, function, cancellationToken).ConfigureAwait(false);
            return record;
        }, cancellationToken);

    public Task<FunctionRecord?> UpdateAsync(FunctionKey function, string code, string artifactHash, FunctionSettings settings, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync<FunctionRecord?>(async (c, t) =>
        {
            var now = Sql.Micros(time.GetUtcNow());
            var rows = await c.ListAsync(
                $"UPDATE functions SET version = version + 1, code = @code, artifact_hash = @hash, settings = @settings, updated_at = @now " +
                $"WHERE namespace = @ns AND name = @name RETURNING {Columns}",
                t, ReadRecord, cancellationToken, ("ns", function.Namespace), ("name", function.Name), ("code", code), ("hash", artifactHash), ("settings", SettingsJson(settings)), ("now", now))
                .ConfigureAwait(false);
            if (rows.Count == 0)
            {
                return null;
            }

            await WriteVersionAsync(c, t, rows[0], cancellationToken).ConfigureAwait(false);
            await NotifyAsync(c, t, function, cancellationToken).ConfigureAwait(false);
            return rows[0];
        }, cancellationToken);

    public Task<FunctionRecord?> SetScaleAsync(FunctionKey function, int minInstances, int maxInstances, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync<FunctionRecord?>(async (c, t) =>
        {
            var rows = await c.ListAsync($"SELECT {Columns} FROM functions WHERE namespace = @ns AND name = @name FOR UPDATE", t, ReadRecord, cancellationToken,
                ("ns", function.Namespace), ("name", function.Name))
                .ConfigureAwait(false);
            if (rows.Count == 0)
            {
                return null;
            }

            var record = rows[0] with { Settings = rows[0].Settings with { MinInstances = minInstances, MaxInstances = maxInstances } };
            await c.ExecuteAsync("UPDATE functions SET settings = @settings WHERE namespace = @ns AND name = @name", t, cancellationToken,
                ("ns", function.Namespace), ("name", function.Name), ("settings", SettingsJson(record.Settings))).ConfigureAwait(false);
            await NotifyAsync(c, t, function, cancellationToken).ConfigureAwait(false);
            return record;
        }, cancellationToken);

    public Task<bool> DeleteAsync(FunctionKey function, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (c, t) =>
        {
            var deleted = await c.ExecuteAsync("DELETE FROM functions WHERE namespace = @ns AND name = @name", t, cancellationToken,
                ("ns", function.Namespace), ("name", function.Name)).ConfigureAwait(false) > 0;
            foreach (var related in new[] { "DELETE FROM function_versions WHERE namespace = @ns AND name = @name",
                "DELETE FROM aliases WHERE namespace = @ns AND function = @name", "DELETE FROM schedules WHERE namespace = @ns AND function = @name" })
            {
                await c.ExecuteAsync(related, t, cancellationToken, ("ns", function.Namespace), ("name", function.Name)).ConfigureAwait(false);
            }

            if (deleted)
            {
                await NotifyAsync(c, t, function, cancellationToken).ConfigureAwait(false);
            }

            return deleted;
        }, cancellationToken);

    public Task<byte[]?> ReadArtifactAsync(string hash, CancellationToken cancellationToken = default) =>
        database.RunAsync(async c =>
            await c.ScalarAsync("SELECT assembly FROM artifacts WHERE hash = @hash", null, cancellationToken, ("hash", hash)).ConfigureAwait(false) as byte[],
            cancellationToken);

    public Task WriteArtifactAsync(string hash, byte[] assembly, CancellationToken cancellationToken = default) =>
        database.RunAsync(c => c.ExecuteAsync("INSERT INTO artifacts (hash, assembly) VALUES (@hash, @assembly) ON CONFLICT (hash) DO NOTHING",
            null, cancellationToken, ("hash", hash), ("assembly", assembly)), cancellationToken);

    internal static Sql.Json SettingsJson(FunctionSettings settings) => new(JsonSerializer.Serialize(settings, Json));

    /// <summary>The payload names the function as <see cref="FunctionKey.Qualified"/> (<c>name</c>, or <c>name.namespace</c>).</summary>
    internal static Task NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, FunctionKey function, CancellationToken cancellationToken) =>
        connection.ExecuteAsync("SELECT pg_notify(@channel, @name)", transaction, cancellationToken, ("channel", Channel), ("name", function.Qualified));

    /// <summary>A notification's payload back into the function it names.</summary>
    internal static FunctionKey KeyOf(string payload)
    {
        var dot = payload.LastIndexOf('.');
        return dot > 0 ? new FunctionKey(payload[(dot + 1)..], payload[..dot]) : FunctionKey.Default(payload);
    }

    private static async Task<FunctionRecord?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, FunctionKey function, CancellationToken cancellationToken) =>
        (await connection.ListAsync($"SELECT {Columns} FROM functions WHERE namespace = @ns AND name = @name", transaction, ReadRecord, cancellationToken,
            ("ns", function.Namespace), ("name", function.Name))
            .ConfigureAwait(false)).FirstOrDefault();

    private static Task WriteVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, FunctionRecord record, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(
            "INSERT INTO function_versions (namespace, name, version, code, artifact_hash, settings, created_at) VALUES (@ns, @name, @version, @code, @hash, @settings, @created) " +
            "ON CONFLICT (namespace, name, version) DO UPDATE SET code = excluded.code, artifact_hash = excluded.artifact_hash, settings = excluded.settings, created_at = excluded.created_at",
            transaction, cancellationToken, ("ns", record.Namespace), ("name", record.Name), ("version", record.Version), ("code", record.Code), ("hash", record.ArtifactHash),
            ("settings", SettingsJson(record.Settings)), ("created", record.UpdatedAt));

    private static FunctionRecord ReadRecord(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetString(3),
        JsonSerializer.Deserialize<FunctionSettings>(r.GetString(4), Json)!, r.Time(5), r.Time(6))
    {
        Namespace = r.GetString(7),
    };
}
