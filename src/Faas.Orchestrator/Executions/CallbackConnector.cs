using System.Net;
using System.Net.Sockets;

namespace Faas.Orchestrator.Executions;

/// <summary>
/// Opens the connection of a callback POST: checks the target against <c>async.callback_allow_hosts</c>
/// once more, resolves its name once and connects to an address <see cref="CallbackPolicy.AddressProblem"/>
/// accepts, so what was checked is what is connected to (no second lookup that could answer differently).
/// </summary>
internal static class CallbackConnector
{
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> For(IReadOnlyList<CallbackTarget> allowed) =>
        (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, allowed, cancellationToken);

    internal static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, IReadOnlyList<CallbackTarget> allowed, CancellationToken cancellationToken)
    {
        var host = endpoint.Host.Trim('[', ']');
        var target = allowed.FirstOrDefault(t => t.Matches(host, endpoint.Port))
            ?? throw new HttpRequestException(CallbackPolicy.TargetProblem(host, endpoint.Port, allowed));
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var usable = addresses.Where(a => CallbackPolicy.AddressProblem(target, a) is null).ToList();
        if (usable.Count == 0)
        {
            throw new HttpRequestException(addresses.Length == 0
                ? $"callback host {host} did not resolve to any address"
                : CallbackPolicy.AddressProblem(target, addresses[0]));
        }

        SocketException? last = null;
        foreach (var address in usable)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new HttpRequestException($"cannot connect to callback target {CallbackTarget.Format(host, endpoint.Port)}: {last!.Message}", last);
    }
}
