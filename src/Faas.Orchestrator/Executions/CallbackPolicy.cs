using System.Net;

namespace Faas.Orchestrator.Executions;

/// <summary>
/// Where results may be POSTed: loopback addresses and <c>localhost</c> always, other hosts only when
/// <c>async.callback_allow_hosts</c> names them. Checked at submission and again before each delivery.
/// </summary>
internal static class CallbackPolicy
{
    /// <summary>Null when <paramref name="url"/> is an allowed callback; otherwise why not.</summary>
    public static string? Problem(string url, IReadOnlyList<string> allowHosts)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return $"X-Callback-Url '{url}' is not an absolute http(s) URL";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "X-Callback-Url must not carry credentials";
        }

        var host = uri.IdnHost.Trim('[', ']');
        if (IPAddress.TryParse(host, out var address) ? IPAddress.IsLoopback(address) : host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        foreach (var allowed in allowHosts)
        {
            if (host.Equals(allowed, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }

        return $"X-Callback-Url host '{host}' is not allowed: only loopback addresses, localhost and the hosts in async.callback_allow_hosts";
    }
}
