using System.Net.Sockets;
using Npgsql;

namespace Faas.Storage.Postgres.Database;

/// <summary>Which failures mean "the server cannot be reached now" (503, retry later), as opposed to a bug or bad data.</summary>
internal static class StoreErrors
{
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal)   // connection exception
            || postgres.SqlState is "57P01" or "57P02" or "57P03" or "53300",                        // shutdown, crash, starting, too many connections
        NpgsqlException => true,          // the socket failed or timed out: no server answered
        SocketException or TimeoutException or IOException => true,
        _ => exception.InnerException is { } inner && IsUnavailable(inner),
    };
}
