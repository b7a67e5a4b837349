using System.Net;
using System.Net.Sockets;

namespace Faas.Orchestrator.Executions;

/// <summary>
/// Where results may be POSTed: only the <c>host:port</c> targets that <c>async.callback_allow_hosts</c>
/// lists (none by default, loopback included: a caller must not reach the machine's own services).
/// Checked at submission, again before each delivery, and once more on the address the connection uses.
/// </summary>
internal static class CallbackPolicy
{
    /// <summary>Null when <paramref name="url"/> is an allowed callback; otherwise why not.</summary>
    public static string? Problem(string url, IReadOnlyList<CallbackTarget> allowed)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return $"X-Callback-Url '{url}' is not an absolute http(s) URL";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "X-Callback-Url must not carry credentials";
        }

        return TargetProblem(uri.IdnHost.Trim('[', ']'), uri.Port, allowed);
    }

    /// <summary>Null when <paramref name="host"/>:<paramref name="port"/> is listed; otherwise why not and how to allow it.</summary>
    public static string? TargetProblem(string host, int port, IReadOnlyList<CallbackTarget> allowed)
    {
        foreach (var target in allowed)
        {
            if (target.Matches(host, port))
            {
                return null;
            }
        }

        var wanted = CallbackTarget.Format(host, port);
        return $"X-Callback-Url target {wanted} is not allowed: callbacks go only to the host:port entries of async.callback_allow_hosts "
            + $"(none by default); an operator allows this one by adding '{wanted}' to it in faas_config.yaml";
    }

    /// <summary>
    /// Null when a connection for the listed target <paramref name="target"/> may go to <paramref name="address"/>
    /// (what its name resolved to). A listed address is used as it is; a listed name must not resolve to the
    /// machine itself or a link-local address (cloud metadata services) unless the name is <c>localhost</c>,
    /// which must resolve to loopback only. Unspecified, multicast and broadcast addresses are never used.
    /// </summary>
    public static string? AddressProblem(CallbackTarget target, IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast)
            || address.IsIPv6Multicast || (address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes()[0] >= 224))
        {
            return $"callback host {target.Host} resolved to {address}, which is not a unicast address";
        }

        if (target.IsAddress)
        {
            return null;
        }

        var loopback = IPAddress.IsLoopback(address);
        if (target.Host == "localhost")
        {
            return loopback ? null : $"callback host localhost resolved to {address}, which is not a loopback address";
        }

        var linkLocal = address.IsIPv6LinkLocal
            || (address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes() is [169, 254, _, _]);
        return loopback || linkLocal
            ? $"callback host {target.Host} resolved to {address}, a loopback or link-local address; list that address itself in async.callback_allow_hosts to allow it"
            : null;
    }
}
