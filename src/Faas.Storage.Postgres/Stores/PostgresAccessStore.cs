using System.Text.Json;
using Faas.Orchestrator.Storage;
using Faas.Storage.Postgres.Database;
using Npgsql;

namespace Faas.Storage.Postgres.Stores;

/// <summary>
/// API keys made over REST and users, shared by every node: key hashes and password hashes only. Each node's
/// gateway remembers a found key or user for at most half a second, so a revocation, a disabled or deleted user
/// reaches every node within that time without a notification.
/// </summary>
internal sealed class PostgresAccessStore(PostgresDatabase database) : IApiKeyStore, IUserStore
{
    private const string KeyColumns = "namespace, name, sha256, scopes, functions, created_at, last_used_at, expires_at";
    private const string UserColumns = "username, namespace, password_hash, scopes, disabled, security_stamp, created_at, updated_at";

    public Task<bool> CreateAsync(StoredApiKey key, CancellationToken cancellationToken = default) =>
        database.RunAsync(async c => await c.ExecuteAsync(
            $"INSERT INTO api_keys ({KeyColumns}) VALUES (@ns, @name, @sha, @scopes, @functions, @created, NULL, @expires) ON CONFLICT DO NOTHING",
            null, cancellationToken, ("ns", key.Namespace), ("name", key.Name), ("sha", key.Sha256), ("scopes", ToText(key.Scopes)),
            ("functions", key.Functions is null ? null : ToText(key.Functions)), ("created", Sql.Micros(key.CreatedAt)),
            ("expires", key.ExpiresAt is { } expires ? Sql.Micros(expires) : null)).ConfigureAwait(false) > 0, cancellationToken);

    public Task<IReadOnlyList<StoredApiKey>> ListAsync(string? ns, CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<StoredApiKey>>(async c => await c.ListAsync(
            $"SELECT {KeyColumns} FROM api_keys WHERE @ns::text IS NULL OR namespace = @ns ORDER BY namespace COLLATE \"C\", name COLLATE \"C\"",
            null, ReadKey, cancellationToken, ("ns", ns)).ConfigureAwait(false), cancellationToken);

    public Task<StoredApiKey?> FindAsync(byte[] sha256, CancellationToken cancellationToken = default) =>
        database.RunAsync(async c => (await c.ListAsync($"SELECT {KeyColumns} FROM api_keys WHERE sha256 = @sha", null, ReadKey, cancellationToken, ("sha", sha256))
            .ConfigureAwait(false)).FirstOrDefault(), cancellationToken);

    public Task<bool> DeleteAsync(string ns, string name, CancellationToken cancellationToken = default) =>
        database.RunAsync(async c => await c.ExecuteAsync("DELETE FROM api_keys WHERE namespace = @ns AND name = @name", null, cancellationToken,
            ("ns", ns), ("name", name)).ConfigureAwait(false) > 0, cancellationToken);

    public Task TouchAsync(string ns, string name, DateTimeOffset usedAt, CancellationToken cancellationToken = default) =>
        database.RunAsync(c => c.ExecuteAsync("UPDATE api_keys SET last_used_at = @used WHERE namespace = @ns AND name = @name", null, cancellationToken,
            ("ns", ns), ("name", name), ("used", Sql.Micros(usedAt))), cancellationToken);

    public Task<bool> CreateAsync(StoredUser user, CancellationToken cancellationToken = default) =>
        database.RunAsync(async c => await c.ExecuteAsync(
            $"INSERT INTO users ({UserColumns}) VALUES (@user, @ns, @hash, @scopes, @disabled, @stamp, @created, @updated) ON CONFLICT DO NOTHING",
            null, cancellationToken, UserParameters(user)).ConfigureAwait(false) > 0, cancellationToken);

    public Task<StoredUser?> FindAsync(string username, CancellationToken cancellationToken = default) =>
        database.RunAsync(async c => (await c.ListAsync($"SELECT {UserColumns} FROM users WHERE username = @user", null, ReadUser, cancellationToken, ("user", username))
            .ConfigureAwait(false)).FirstOrDefault(), cancellationToken);

    Task<IReadOnlyList<StoredUser>> IUserStore.ListAsync(string? ns, CancellationToken cancellationToken) =>
        database.RunAsync<IReadOnlyList<StoredUser>>(async c => await c.ListAsync(
            $"SELECT {UserColumns} FROM users WHERE @ns::text IS NULL OR namespace = @ns ORDER BY username COLLATE \"C\"",
            null, ReadUser, cancellationToken, ("ns", ns)).ConfigureAwait(false), cancellationToken);

    public Task<bool> UpdateAsync(StoredUser user, CancellationToken cancellationToken = default) =>
        database.RunAsync(async c => await c.ExecuteAsync(
            """
            UPDATE users SET namespace = @ns, password_hash = @hash, scopes = @scopes, disabled = @disabled,
                security_stamp = @stamp, updated_at = @updated WHERE username = @user
            """,
            null, cancellationToken, UserParameters(user)).ConfigureAwait(false) > 0, cancellationToken);

    public Task<bool> DeleteAsync(string username, CancellationToken cancellationToken = default) =>
        database.RunAsync(async c => await c.ExecuteAsync("DELETE FROM users WHERE username = @user", null, cancellationToken, ("user", username))
            .ConfigureAwait(false) > 0, cancellationToken);

    private static (string, object?)[] UserParameters(StoredUser user) =>
    [
        ("user", user.Username), ("ns", user.Namespace), ("hash", user.PasswordHash), ("scopes", ToText(user.Scopes)), ("disabled", user.Disabled),
        ("stamp", user.SecurityStamp), ("created", Sql.Micros(user.CreatedAt)), ("updated", Sql.Micros(user.UpdatedAt)),
    ];

    private static StoredApiKey ReadKey(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetString(1), (byte[])r.GetValue(2), FromText(r.GetString(3)), r.IsDBNull(4) ? null : FromText(r.GetString(4)),
            r.Time(5), r.TimeOrNull(7))
        {
            LastUsedAt = r.TimeOrNull(6),
        };

    private static StoredUser ReadUser(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), FromText(r.GetString(3)), r.GetBoolean(4), r.GetString(5), r.Time(6), r.Time(7));

    private static string ToText(IReadOnlyList<string> values) => JsonSerializer.Serialize(values);

    private static IReadOnlyList<string> FromText(string text) => JsonSerializer.Deserialize<string[]>(text) ?? [];
}
