using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Storage.Postgres.Tests.EndToEnd;

/// <summary>
/// Real gateway nodes (child processes on fixed loopback ports) sharing one PostgreSQL database, with HAProxy in front
/// when asked. Leases are short (3 s) so takeovers happen within a test. The nodes start at once, racing to migrate.
/// </summary>
internal sealed class TestCluster : IAsyncDisposable
{
    public const string AdminKey = "cluster-admin-key-1";
    public const string ManageKey = "cluster-manage-key-1";
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    /// <summary>The one callback target every cluster of the run allows (<c>async.callback_allow_hosts</c>).</summary>
    public static readonly int CallbackPort = GatewayProcess.FreePort();

    private TestCluster(string connectionString, string secretsKey, string extraYaml)
    {
        ConnectionString = connectionString;
        SecretsKey = secretsKey;
        ExtraYaml = extraYaml;
    }

    public string ConnectionString { get; }

    public string SecretsKey { get; }

    public string ExtraYaml { get; }

    public List<GatewayProcess> Nodes { get; } = [];

    public HaproxyServer? Proxy { get; private set; }

    public static string Isolation => Requirements.IsRoot && File.Exists("/usr/bin/bwrap") ? "strict" : "none";

    public static async Task<TestCluster> StartAsync(string connectionString, int nodes, bool proxy, string extraYaml = "")
    {
        HaproxyServer.Require();
        var cluster = new TestCluster(connectionString, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), extraYaml);
        var ports = Enumerable.Range(0, nodes).Select(_ => GatewayProcess.FreePort()).ToList();
        try
        {
            cluster.Nodes.AddRange(await Task.WhenAll(ports.Select((port, i) => cluster.StartNodeAsync($"node-{i + 1}", port))));
            if (proxy)
            {
                cluster.Proxy = await HaproxyServer.StartAsync(ports);
                using var client = cluster.Proxy.Client();
                await Eventually.ThatAsync(async () => (await client.GetAsync("health")).IsSuccessStatusCode, "HAProxy forwards to a node");
            }

            await cluster.WaitForReadyNodesAsync(nodes);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    public static string Config(string connectionString, string name, int port, string extraYaml, string isolation) => $$"""
        system:
          function_storage_path: {{"{{storage}}"}}
          process_isolation_level: {{isolation}}
          stem_cells: { process: { min: 0, max: 1 }, container: { min: 0, max: 0 } }
          shutdown_timeout: 10
        auth:
          api_keys:
            - { key: {{AdminKey}}, scopes: [invoke, manage, admin], name: admin }
            - { key: {{ManageKey}}, scopes: [invoke, manage], name: deployer }
        registry:
          kind: postgres
          connection_string: "{{connectionString}}"
        cluster:
          node_name: {{name}}
          advertise_url: http://127.0.0.1:{{port}}
          lease_timeout: 3
          drain_delay: 3
          resync_interval: 5
          trusted_proxies: [127.0.0.1]
        async:
          workers: 4
          retry_backoff: 1
          callback_allow_hosts: ["127.0.0.1:{{CallbackPort}}"]
        {{extraYaml}}
        """;

    public Task<GatewayProcess> StartNodeAsync(string name, int port, string? secretsKey = null) =>
        GatewayProcess.StartAsync(Config(ConnectionString, name, port, ExtraYaml, Isolation),
            new Dictionary<string, string> { ["FAAS_DISABLE_CONTAINER"] = "1", ["FAAS_SECRETS_KEY"] = secretsKey ?? SecretsKey }, port: port);

    /// <summary>Until every running node counts <paramref name="count"/> ready nodes (its rate-limit share is then 1/count).</summary>
    public async Task WaitForReadyNodesAsync(int count)
    {
        foreach (var node in Nodes.Where(n => n.Pid is not null))
        {
            using var admin = node.Client(AdminKey);
            await Eventually.ThatAsync(async () =>
            {
                var answer = await admin.GetFromJsonAsync<JsonObject>("cluster/nodes");
                return (int)answer!["ready_nodes"]! == count;
            }, $"{count} ready nodes seen from port {node.Port}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }

        await Task.WhenAll(Nodes.Select(async n =>
        {
            if (TestContext.CurrentContext.Result.FailCount > 0)
            {
                await TestContext.Progress.WriteLineAsync($"--- gateway on port {n.Port} ---\n{n.Output}");
            }

            await n.DisposeAsync();
        }));
    }
}
