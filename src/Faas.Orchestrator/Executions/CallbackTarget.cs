using System.Globalization;
using System.Net;

namespace Faas.Orchestrator.Executions;

/// <summary>
/// One entry of <c>async.callback_allow_hosts</c>: a host (name or address) and a port, written
/// <c>host:port</c> (<c>[::1]:8080</c> for IPv6). Callbacks go only to targets listed here.
/// </summary>
public sealed record CallbackTarget(string Host, int Port)
{
    /// <summary>The entry for <paramref name="text"/>, or null with <paramref name="problem"/> saying what is wrong.</summary>
    public static CallbackTarget? Parse(string text, out string? problem)
    {
        text = text.Trim();
        var colon = text.LastIndexOf(':');
        var host = colon < 0 ? text : text[..colon];
        var portText = colon < 0 ? "" : text[(colon + 1)..];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                problem = $"'{text}': only IPv6 addresses go in brackets";
                return null;
            }
        }
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            problem = $"'{text}': write an IPv6 address in brackets, for example [::1]:8080";
            return null;
        }

        if (colon < 0 || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            problem = $"'{text}' is not host:port (a port from 1 to 65535 is required, for example hooks.example.com:443)";
            return null;
        }

        if (host.Length == 0 || Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            problem = $"'{text}': '{host}' is not a host name or address";
            return null;
        }

        problem = null;
        return new CallbackTarget(IPAddress.TryParse(host, out var address) ? address.ToString() : host.ToLowerInvariant(), port);
    }

    /// <summary>True when this entry names <paramref name="host"/> (a URL's host, IPv6 without brackets) and <paramref name="port"/>.</summary>
    public bool Matches(string host, int port) =>
        port == Port && (IPAddress.TryParse(host, out var address) && IPAddress.TryParse(Host, out var allowed)
            ? address.Equals(allowed)
            : string.Equals(host, Host, StringComparison.OrdinalIgnoreCase));

    /// <summary>True when <see cref="Host"/> is an address rather than a name.</summary>
    public bool IsAddress => IPAddress.TryParse(Host, out _);

    public static string Format(string host, int port) =>
        host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";

    public override string ToString() => Format(Host, Port);
}
