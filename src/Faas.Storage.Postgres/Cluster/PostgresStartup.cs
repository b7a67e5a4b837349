using Faas.Orchestrator.Storage;
using Faas.Storage.Postgres.Database;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Faas.Storage.Postgres.Cluster;

/// <summary>
/// First of all hosted services: connects to PostgreSQL, creates or migrates the schema (one node at a time), checks
/// this node's secrets key against the cluster's and joins the cluster. Any failure stops start-up with a message
/// that says what to fix (an unreachable server, a refused login, a missing database, another key, a taken name).
/// </summary>
internal sealed class PostgresStartup(PostgresDatabase database, NodeRegistry registry, SharedSecretsKey key, Microsoft.Extensions.Options.IOptions<Orchestrator.Cluster.ClusterOptions> options)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await database.EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException ex)
        {
            throw new InvalidOperationException(
                $"cannot start: {ex.Message}. Check registry.connection_string (or FAAS_POSTGRES) and that PostgreSQL runs there", ex);
        }
        catch (PostgresException ex)
        {
            throw new InvalidOperationException(
                $"cannot start: PostgreSQL at {database.Where} refused: {ex.MessageText} ({ex.SqlState}). Check the user, password and database of "
                + "registry.connection_string (or FAAS_POSTGRES)", ex);
        }

        await ClusterKey.CheckAsync(database, key.Value, cancellationToken).ConfigureAwait(false);
        await registry.RegisterAsync(options.Value.AdvertiseUrl, cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
