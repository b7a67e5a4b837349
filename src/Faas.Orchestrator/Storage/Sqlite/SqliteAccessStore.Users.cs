using Microsoft.Data.Sqlite;

namespace Faas.Orchestrator.Storage.Sqlite;

internal sealed partial class SqliteAccessStore
{
    private const string UserColumns = "username, namespace, password_hash, scopes, disabled, security_stamp, created_at, updated_at";

    public Task<bool> CreateAsync(StoredUser user, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            using var command = _connection.Command(
                $"INSERT INTO users ({UserColumns}) VALUES ($user, $ns, $hash, $scopes, $disabled, $stamp, $created, $updated) ON CONFLICT DO NOTHING",
                UserParameters(user));
            return Task.FromResult(command.ExecuteNonQuery() > 0);
        }
    }

    public Task<StoredUser?> FindAsync(string username, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            using var command = _connection.Command($"SELECT {UserColumns} FROM users WHERE username = $user", ("$user", username));
            using var reader = command.ExecuteReader();
            return Task.FromResult(reader.Read() ? ReadUser(reader) : null);
        }
    }

    Task<IReadOnlyList<StoredUser>> IUserStore.ListAsync(string? ns, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            using var command = _connection.Command(
                $"SELECT {UserColumns} FROM users WHERE $ns IS NULL OR namespace = $ns ORDER BY username", ("$ns", (object?)ns ?? DBNull.Value));
            using var reader = command.ExecuteReader();
            var users = new List<StoredUser>();
            while (reader.Read())
            {
                users.Add(ReadUser(reader));
            }

            return Task.FromResult<IReadOnlyList<StoredUser>>(users);
        }
    }

    public Task<bool> UpdateAsync(StoredUser user, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            using var command = _connection.Command(
                """
                UPDATE users SET namespace = $ns, password_hash = $hash, scopes = $scopes, disabled = $disabled,
                    security_stamp = $stamp, updated_at = $updated WHERE username = $user
                """,
                UserParameters(user));
            return Task.FromResult(command.ExecuteNonQuery() > 0);
        }
    }

    public Task<bool> DeleteAsync(string username, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            using var command = _connection.Command("DELETE FROM users WHERE username = $user", ("$user", username));
            return Task.FromResult(command.ExecuteNonQuery() > 0);
        }
    }

    private static (string, object)[] UserParameters(StoredUser user) =>
    [
        ("$user", user.Username), ("$ns", user.Namespace), ("$hash", user.PasswordHash), ("$scopes", ToText(user.Scopes)),
        ("$disabled", user.Disabled ? 1 : 0), ("$stamp", user.SecurityStamp), ("$created", Text(user.CreatedAt)), ("$updated", Text(user.UpdatedAt)),
    ];

    private static StoredUser ReadUser(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), FromText(reader.GetString(3)), reader.GetInt64(4) != 0,
            reader.GetString(5), Parse(reader.GetString(6)), Parse(reader.GetString(7)));
}
