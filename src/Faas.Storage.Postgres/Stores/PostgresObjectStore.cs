using System.Globalization;
using Faas.Orchestrator.Objects;
using Faas.Orchestrator.Storage;
using Faas.Storage.Postgres.Database;
using Npgsql;

namespace Faas.Storage.Postgres.Stores;

/// <summary>
/// Function objects in PostgreSQL, so every node of a cluster sees the same ones: metadata in <c>objects</c>, content
/// in <c>object_content</c> as pieces of at most <see cref="PieceBytes"/> (<c>bytea</c>) keyed by SHA-256 and piece
/// number, written once per content and deleted with the last row referring to it. A write streams the staged file
/// piece by piece into one transaction; a read fetches one piece at a time as its reader asks
/// (<see cref="PostgresObjectStream"/>): neither side ever holds a whole object. A content's pieces change only under
/// a transaction-level advisory lock on its hash (taken in hash order), so a write of a content and the delete of its
/// last reference never interleave.
/// </summary>
internal sealed class PostgresObjectStore(PostgresDatabase database, TimeProvider time) : IObjectStore
{
    /// <summary>Largest piece of content in one row (and in memory at once, per reader or writer).</summary>
    public const int PieceBytes = 1 << 20;

    private const string Columns = "name, size, sha256, updated_at";

    public Task<IReadOnlyList<ObjectInfo>> ListAsync(ObjectScope scope, CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<ObjectInfo>>(async c => await c.ListAsync(
            $"SELECT {Columns} FROM objects WHERE namespace = @ns AND function = @fn ORDER BY name COLLATE \"C\"", null, Info, cancellationToken,
            ("ns", scope.Namespace), ("fn", scope.Function)).ConfigureAwait(false), cancellationToken);

    public Task<IReadOnlyDictionary<string, long>> BytesByNamespaceAsync(CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyDictionary<string, long>>(async c => (await c.ListAsync(
            "SELECT namespace, SUM(size)::bigint FROM objects GROUP BY namespace", null, r => (r.GetString(0), r.GetInt64(1)), cancellationToken)
            .ConfigureAwait(false)).ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal), cancellationToken);

    public Task<ObjectInfo?> GetAsync(ObjectScope scope, string name, CancellationToken cancellationToken = default) =>
        database.RunAsync(c => GetAsync(c, null, scope, name, forUpdate: false, cancellationToken), cancellationToken);

    /// <summary>The metadata and the first piece in one transaction (an object of up to one piece reads as it was when opened).</summary>
    public Task<ObjectContent?> OpenReadAsync(ObjectScope scope, string name, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync<ObjectContent?>(async (c, t) =>
        {
            if (await GetAsync(c, t, scope, name, forUpdate: false, cancellationToken).ConfigureAwait(false) is not { } info)
            {
                return null;
            }

            var first = info.Size == 0 ? [] : await PostgresObjectStream.PieceAsync(c, t, info.Sha256, 0, cancellationToken).ConfigureAwait(false);
            return new ObjectContent(info, new PostgresObjectStream(database, info.Sha256, info.Size, first));
        }, cancellationToken);

    public Task<(ObjectInfo Stored, long? ReplacedSize)> PutAsync(ObjectScope scope, string name, StagedObject content, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (c, t) =>
        {
            var previous = await GetAsync(c, t, scope, name, forUpdate: true, cancellationToken).ConfigureAwait(false);
            await LockAsync(c, t, previous is null ? [content.Sha256] : [content.Sha256, previous.Sha256], cancellationToken).ConfigureAwait(false);
            if (content.Size > 0
                && await c.ScalarAsync("SELECT 1 FROM object_content WHERE sha256 = @sha AND piece = 0", t, cancellationToken, ("sha", content.Sha256))
                    .ConfigureAwait(false) is null)
            {
                await WritePiecesAsync(c, t, content, cancellationToken).ConfigureAwait(false);
            }

            var stored = new ObjectInfo(name, content.Size, content.Sha256, Sql.Micros(time.GetUtcNow()));
            await c.ExecuteAsync(
                """
                INSERT INTO objects (namespace, function, name, size, sha256, updated_at) VALUES (@ns, @fn, @name, @size, @sha, @at)
                ON CONFLICT (namespace, function, name) DO UPDATE SET size = excluded.size, sha256 = excluded.sha256, updated_at = excluded.updated_at
                """,
                t, cancellationToken, ("ns", scope.Namespace), ("fn", scope.Function), ("name", name), ("size", content.Size),
                ("sha", content.Sha256), ("at", stored.UpdatedAt)).ConfigureAwait(false);
            if (previous is not null && previous.Sha256 != content.Sha256)
            {
                await ReleaseAsync(c, t, previous.Sha256, cancellationToken).ConfigureAwait(false);
            }

            return (stored, previous?.Size);
        }, cancellationToken);

    public Task<ObjectInfo?> DeleteAsync(ObjectScope scope, string name, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (c, t) =>
        {
            var deleted = (await c.ListAsync(
                $"DELETE FROM objects WHERE namespace = @ns AND function = @fn AND name = @name RETURNING {Columns}", t, Info, cancellationToken,
                ("ns", scope.Namespace), ("fn", scope.Function), ("name", name)).ConfigureAwait(false)).SingleOrDefault();
            if (deleted is not null)
            {
                await LockAsync(c, t, [deleted.Sha256], cancellationToken).ConfigureAwait(false);
                await ReleaseAsync(c, t, deleted.Sha256, cancellationToken).ConfigureAwait(false);
            }

            return deleted;
        }, cancellationToken);

    public Task<long> DeleteAllAsync(ObjectScope scope, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (c, t) =>
        {
            var deleted = await c.ListAsync(
                $"DELETE FROM objects WHERE namespace = @ns AND function = @fn RETURNING {Columns}", t, Info, cancellationToken,
                ("ns", scope.Namespace), ("fn", scope.Function)).ConfigureAwait(false);
            var hashes = deleted.Select(d => d.Sha256).Distinct(StringComparer.Ordinal).ToList();
            await LockAsync(c, t, hashes, cancellationToken).ConfigureAwait(false);
            foreach (var sha in hashes)
            {
                await ReleaseAsync(c, t, sha, cancellationToken).ConfigureAwait(false);
            }

            return deleted.Sum(d => d.Size);
        }, cancellationToken);

    private static async Task<ObjectInfo?> GetAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, ObjectScope scope, string name, bool forUpdate, CancellationToken cancellationToken) =>
        (await connection.ListAsync(
            $"SELECT {Columns} FROM objects WHERE namespace = @ns AND function = @fn AND name = @name{(forUpdate ? " FOR UPDATE" : "")}",
            transaction, Info, cancellationToken, ("ns", scope.Namespace), ("fn", scope.Function), ("name", name)).ConfigureAwait(false)).SingleOrDefault();

    /// <summary>The staged file into rows of at most <see cref="PieceBytes"/>, one piece in memory at a time.</summary>
    private static async Task WritePiecesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StagedObject content, CancellationToken cancellationToken)
    {
        var buffer = new byte[(int)Math.Min(PieceBytes, content.Size)];
        await using var file = content.OpenRead();
        for (var piece = 0; ; piece++)
        {
            var filled = 0;
            while (filled < buffer.Length)
            {
                var read = await file.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            if (filled == 0)
            {
                return;
            }

            await connection.ExecuteAsync("INSERT INTO object_content (sha256, piece, data) VALUES (@sha, @piece, @data)", transaction, cancellationToken,
                ("sha", content.Sha256), ("piece", piece), ("data", filled == buffer.Length ? buffer : buffer[..filled])).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes the pieces of <paramref name="sha256"/> once no row refers to it (its lock held).</summary>
    private static async Task ReleaseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sha256, CancellationToken cancellationToken)
    {
        if (await connection.ScalarAsync("SELECT 1 FROM objects WHERE sha256 = @sha LIMIT 1", transaction, cancellationToken, ("sha", sha256)).ConfigureAwait(false) is null)
        {
            await connection.ExecuteAsync("DELETE FROM object_content WHERE sha256 = @sha", transaction, cancellationToken, ("sha", sha256)).ConfigureAwait(false);
        }
    }

    /// <summary>Transaction-level advisory locks on the contents' hashes, in one order (no two writers wait on each other crosswise).</summary>
    private static async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<string> hashes, CancellationToken cancellationToken)
    {
        foreach (var sha in hashes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", transaction, cancellationToken, ("key", LockKey(sha))).ConfigureAwait(false);
        }
    }

    /// <summary>The first 60 bits of the hash (hex, computed by the platform), as the lock's key.</summary>
    private static long LockKey(string sha256) => long.Parse(sha256.AsSpan(0, 15), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static ObjectInfo Info(NpgsqlDataReader reader) => new(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.Time(3));
}
