using System.Net;
using System.Text.RegularExpressions;
using Faas.Orchestrator.Cluster;

namespace Faas.Gateway.Configuration;

/// <summary>
/// Reads <c>cluster: { node_name, advertise_url, lease_timeout, drain_delay, resync_interval, trusted_proxies }</c>. Defaults: the node is
/// <c>&lt;hostname&gt;-&lt;port&gt;</c>, reached at <c>http://&lt;host&gt;:&lt;port&gt;</c>. The section needs a PostgreSQL registry, and a
/// PostgreSQL registry needs configured API keys.
/// </summary>
internal static partial class ClusterReader
{
    public static ClusterOptions Read(
        ConfigReader reader, ConfigMap top, RegistrySettings registry, string host, int port, bool keysConfigured, out IReadOnlyList<IPAddress> trustedProxies)
    {
        trustedProxies = [];
        if (registry.Kind == RegistryKind.Postgres && !keysConfigured)
        {
            // Generated keys are each node's own: a key would work on one node of the cluster only.
            reader.Error(top, "a cluster node needs auth.api_keys, the same on every node (keys generated at the first start would differ from node to node)");
        }

        var map = reader.Map(top, "cluster");
        var defaults = new ClusterOptions();
        var hostname = System.Net.Dns.GetHostName();
        var options = new ClusterOptions
        {
            NodeName = $"{hostname}-{port}",
            AdvertiseUrl = $"http://{(host is "0.0.0.0" or "::" ? hostname : host.Contains(':') ? $"[{host}]" : host)}:{port}",
        };
        if (map is null)
        {
            return options;
        }

        if (registry.Kind != RegistryKind.Postgres)
        {
            reader.Error(map, "'cluster' needs a shared registry: set registry.kind: postgres with its connection_string");
        }

        reader.RejectUnknown(map, "node_name", "advertise_url", "lease_timeout", "drain_delay", "resync_interval", "trusted_proxies");
        trustedProxies = ReadProxies(reader, map);
        if (reader.String(map, "node_name") is { } name)
        {
            if (NodeName().IsMatch(name))
            {
                options.NodeName = name;
            }
            else
            {
                reader.Error(map["node_name"]!, $"node_name '{name}' must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
            }
        }

        if (reader.String(map, "advertise_url") is { } url)
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.PathAndQuery == "/" && string.IsNullOrEmpty(uri.UserInfo))
            {
                options.AdvertiseUrl = url.TrimEnd('/');
            }
            else
            {
                reader.Error(map["advertise_url"]!, $"advertise_url '{url}' must be an http:// or https:// URL of the node, without path or credentials");
            }
        }

        options.LeaseTimeout = Bounded(reader, map, "lease_timeout", defaults.LeaseTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        options.DrainDelay = reader.Duration(map, "drain_delay", defaults.DrainDelay, allowZero: true);
        options.ResyncInterval = Bounded(reader, map, "resync_interval", defaults.ResyncInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        return options;
    }

    /// <summary>The load balancers' addresses: <c>X-Forwarded-For</c> is believed from them only, and only its last entry (the one they add).</summary>
    private static List<IPAddress> ReadProxies(ConfigReader reader, ConfigMap map)
    {
        var proxies = new List<IPAddress>();
        foreach (var text in reader.StringList(map, "trusted_proxies"))
        {
            if (IPAddress.TryParse(text, out var address))
            {
                proxies.Add(address);
            }
            else
            {
                reader.Error(map["trusted_proxies"]!, $"trusted_proxies: '{text}' is not an IP address");
            }
        }

        return proxies;
    }

    private static TimeSpan Bounded(ConfigReader reader, ConfigMap map, string key, TimeSpan fallback, TimeSpan min, TimeSpan max)
    {
        var value = reader.Duration(map, key, fallback);
        if (value < min || value > max)
        {
            reader.Error(map[key]!, $"'{key}' must be from {min.TotalSeconds:0.#} s to {max.TotalSeconds:0.#} s");
            return fallback;
        }

        return value;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,62}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex NodeName();
}
