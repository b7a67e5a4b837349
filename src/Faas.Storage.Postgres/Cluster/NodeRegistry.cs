using System.Text.Json;
using System.Text.Json.Serialization;
using Faas.Orchestrator.Cluster;
using Faas.Storage.Postgres.Database;

namespace Faas.Storage.Postgres.Cluster;

/// <summary>Cluster membership in <c>cluster_nodes</c>: nodes register, heartbeat (with their report) and leave.</summary>
internal sealed class NodeRegistry(PostgresDatabase database, NodeIdentity node, TimeProvider time)
{
    /// <summary>How long a lost node stays listed before its row is removed.</summary>
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(1);

    internal static readonly JsonSerializerOptions ReportJson = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Joins (or rejoins, after a restart) the cluster; refuses a name a live node at another address holds.</summary>
    public Task RegisterAsync(string url, CancellationToken cancellationToken) =>
        database.InTransactionAsync(async (c, t) =>
        {
            var now = Sql.Micros(time.GetUtcNow());
            var existing = await c.ListAsync("SELECT url, last_seen, state FROM cluster_nodes WHERE name = @name FOR UPDATE", t,
                r => (Url: r.GetString(0), LastSeen: r.Time(1), State: r.GetString(2)), cancellationToken, ("name", node.Name)).ConfigureAwait(false);
            if (existing is [var other] && other.Url != url && other.LastSeen > now - node.LeaseTimeout)
            {
                throw new InvalidOperationException(
                    $"the node name '{node.Name}' is held by a live node at {other.Url} (seen {(now - other.LastSeen).TotalSeconds:0.#} s ago); "
                    + "give each node its own cluster.node_name");
            }

            await c.ExecuteAsync(
                "INSERT INTO cluster_nodes (name, url, state, incarnation, started_at, last_seen, report) VALUES (@name, @url, 'ready', @incarnation, @now, @now, '{}') " +
                "ON CONFLICT (name) DO UPDATE SET url = excluded.url, state = 'ready', incarnation = excluded.incarnation, started_at = excluded.started_at, " +
                "last_seen = excluded.last_seen, report = '{}'",
                t, cancellationToken, ("name", node.Name), ("url", url), ("incarnation", node.Incarnation), ("now", now)).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public Task HeartbeatAsync(string url, string state, NodeReport report, CancellationToken cancellationToken) =>
        database.RunAsync(c => c.ExecuteAsync(
            "INSERT INTO cluster_nodes (name, url, state, incarnation, started_at, last_seen, report) VALUES (@name, @url, @state, @incarnation, @now, @now, @report) " +
            "ON CONFLICT (name) DO UPDATE SET url = excluded.url, state = excluded.state, last_seen = excluded.last_seen, report = excluded.report " +
            "WHERE cluster_nodes.incarnation = excluded.incarnation OR cluster_nodes.last_seen < @lost",
            null, cancellationToken, ("name", node.Name), ("url", url), ("state", state), ("incarnation", node.Incarnation),
            ("now", Sql.Micros(time.GetUtcNow())), ("lost", Sql.Micros(time.GetUtcNow() - node.LeaseTimeout)),
            ("report", new Sql.Json(JsonSerializer.Serialize(report, ReportJson)))), cancellationToken);

    public Task<List<NodeRow>> ReadAsync(CancellationToken cancellationToken) =>
        database.RunAsync(async c =>
        {
            await c.ExecuteAsync("DELETE FROM cluster_nodes WHERE last_seen < @forget", null, cancellationToken,
                ("forget", Sql.Micros(time.GetUtcNow() - ForgetAfter))).ConfigureAwait(false);
            return await c.ListAsync("SELECT name, url, state, incarnation, last_seen, report::text FROM cluster_nodes ORDER BY name COLLATE \"C\"", null,
                r => new NodeRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.Time(4), r.GetString(5)), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>A node that stops cleanly leaves the list.</summary>
    public Task LeaveAsync(CancellationToken cancellationToken) =>
        database.RunAsync(c => c.ExecuteAsync("DELETE FROM cluster_nodes WHERE name = @name AND incarnation = @incarnation", null, cancellationToken,
            ("name", node.Name), ("incarnation", node.Incarnation)), cancellationToken);

    public static NodeReport? ParseReport(string json)
    {
        try
        {
            return json is "{}" ? null : JsonSerializer.Deserialize<NodeReport>(json, ReportJson);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
