using System.Text.Json;
using System.Text.Json.Serialization;
using Faas.Orchestrator.Configuration;
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
    private const string Columns = "name, version, code, artifact_hash, settings::text, created_at, updated_at";

    internal static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public Task<IReadOnlyList<FunctionRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<FunctionRecord>>(async c =>
            await c.ListAsync($"SELECT {Columns} FROM functions ORDER BY name COLLATE \"C\"", null, ReadRecord, cancellationToken).ConfigureAwait(false),
            cancellationToken);

    public Task<FunctionRecord?> FindAsync(string name, CancellationToken cancellationToken = default) =>
        database.RunAsync(c => FindAsync(c, null, name, cancellationToken), cancellationToken);

    public Task<FunctionRecord?> CreateAsync(string name, string code, string artifactHash, FunctionSettings settings, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync<FunctionRecord?>(async (c, t) =>
        {
            var now = Sql.Micros(time.GetUtcNow());
            var record = new FunctionRecord(name, 1, code, artifactHash, settings, now, now);
            var inserted = await c.ExecuteAsync(
                "INSERT INTO functions (name, version, code, artifact_hash, settings, created_at, updated_at) " +
                "VALUES (@name, 1, @code, @hash, @settings, @now, @now) ON CONFLICT (name) DO NOTHING",
                t, cancellationToken, ("name", name), ("code", code), ("hash", artifactHash), ("settings", SettingsJson(settings)), ("now", now))
                .ConfigureAwait(false);
            if (inserted == 0)
            {
                return null;
            }

            // A name deleted before may have left no history (delete removes it), but be sure version 1 is this one.
            await c.ExecuteAsync("DELETE FROM function_versions WHERE name = @name", t, cancellationToken, ("name", name)).ConfigureAwait(false);
            await WriteVersionAsync(c, t, record, cancellationToken).ConfigureAwait(false);
            await NotifyAsync(c, t, name, cancellationToken).ConfigureAwait(false);
            return record;
        }, cancellationToken);

    public Task<FunctionRecord?> UpdateAsync(string name, string code, string artifactHash, FunctionSettings settings, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync<FunctionRecord?>(async (c, t) =>
        {
            var now = Sql.Micros(time.GetUtcNow());
            var rows = await c.ListAsync(
                $"UPDATE functions SET version = version + 1, code = @code, artifact_hash = @hash, settings = @settings, updated_at = @now " +
                $"WHERE name = @name RETURNING {Columns}",
                t, ReadRecord, cancellationToken, ("name", name), ("code", code), ("hash", artifactHash), ("settings", SettingsJson(settings)), ("now", now))
                .ConfigureAwait(false);
            if (rows.Count == 0)
            {
                return null;
            }

            await WriteVersionAsync(c, t, rows[0], cancellationToken).ConfigureAwait(false);
            await NotifyAsync(c, t, name, cancellationToken).ConfigureAwait(false);
            return rows[0];
        }, cancellationToken);

    public Task<FunctionRecord?> SetScaleAsync(string name, int minInstances, int maxInstances, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync<FunctionRecord?>(async (c, t) =>
        {
            var rows = await c.ListAsync($"SELECT {Columns} FROM functions WHERE name = @name FOR UPDATE", t, ReadRecord, cancellationToken, ("name", name))
                .ConfigureAwait(false);
            if (rows.Count == 0)
            {
                return null;
            }

            var record = rows[0] with { Settings = rows[0].Settings with { MinInstances = minInstances, MaxInstances = maxInstances } };
            await c.ExecuteAsync("UPDATE functions SET settings = @settings WHERE name = @name", t, cancellationToken,
                ("name", name), ("settings", SettingsJson(record.Settings))).ConfigureAwait(false);
            await NotifyAsync(c, t, name, cancellationToken).ConfigureAwait(false);
            return record;
        }, cancellationToken);

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (c, t) =>
        {
            var deleted = await c.ExecuteAsync("DELETE FROM functions WHERE name = @name", t, cancellationToken, ("name", name)).ConfigureAwait(false) > 0;
            foreach (var related in new[] { "DELETE FROM function_versions WHERE name = @name", "DELETE FROM aliases WHERE function = @name",
                "DELETE FROM schedules WHERE function = @name" })
            {
                await c.ExecuteAsync(related, t, cancellationToken, ("name", name)).ConfigureAwait(false);
            }

            if (deleted)
            {
                await NotifyAsync(c, t, name, cancellationToken).ConfigureAwait(false);
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

    internal static Task NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, CancellationToken cancellationToken) =>
        connection.ExecuteAsync("SELECT pg_notify(@channel, @name)", transaction, cancellationToken, ("channel", Channel), ("name", name));

    private static async Task<FunctionRecord?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string name, CancellationToken cancellationToken) =>
        (await connection.ListAsync($"SELECT {Columns} FROM functions WHERE name = @name", transaction, ReadRecord, cancellationToken, ("name", name))
            .ConfigureAwait(false)).FirstOrDefault();

    private static Task WriteVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, FunctionRecord record, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(
            "INSERT INTO function_versions (name, version, code, artifact_hash, settings, created_at) VALUES (@name, @version, @code, @hash, @settings, @created) " +
            "ON CONFLICT (name, version) DO UPDATE SET code = excluded.code, artifact_hash = excluded.artifact_hash, settings = excluded.settings, created_at = excluded.created_at",
            transaction, cancellationToken, ("name", record.Name), ("version", record.Version), ("code", record.Code), ("hash", record.ArtifactHash),
            ("settings", SettingsJson(record.Settings)), ("created", record.UpdatedAt));

    private static FunctionRecord ReadRecord(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetString(3),
        JsonSerializer.Deserialize<FunctionSettings>(r.GetString(4), Json)!, r.Time(5), r.Time(6));
}
