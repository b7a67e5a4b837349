using Npgsql;

namespace Faas.Storage.Postgres.Database;

/// <summary>Checks a connection string once, at config time, and names the server without its password.</summary>
public static class ConnectionStrings
{
    /// <summary>What is wrong with <paramref name="connectionString"/>, or null when Npgsql accepts it and it names a host and a database.</summary>
    public static string? Problem(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "a PostgreSQL connection string is required (registry.connection_string or FAAS_POSTGRES), "
                + "for example Host=127.0.0.1;Port=5432;Database=faas;Username=faas;Password=...";
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // The message never repeats the string: it may hold a password.
            return $"the PostgreSQL connection string is not valid: {ex.Message.Split('\n')[0]}";
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            return "the PostgreSQL connection string names no Host";
        }

        return string.IsNullOrWhiteSpace(builder.Database) ? "the PostgreSQL connection string names no Database" : null;
    }

    /// <summary><c>host:port/database as user</c>, for messages (never the password).</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}{(builder.Username is { Length: > 0 } user ? " as " + user : "")}";
    }
}
