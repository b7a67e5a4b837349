using System.Net.Sockets;

namespace Faas.Tests.Common;

/// <summary>
/// Forwards a Unix socket to another one (e.g. the Docker engine's). <see cref="Stop"/> closes the
/// listener and cuts every connection, so whoever uses <see cref="Path"/> sees the engine gone (the
/// socket file stays, nothing answers: like a stopped dockerd); <see cref="Start"/> brings it back.
/// Lets a test take "the engine" away from one gateway without stopping the machine's dockerd.
/// </summary>
public sealed class UnixSocketProxy : IDisposable
{
    private readonly string _target;
    private readonly List<Socket> _open = [];
    private Socket? _listener;

    public UnixSocketProxy(string path, string target)
    {
        Path = path;
        _target = target;
    }

    public string Path { get; }

    public void Start()
    {
        File.Delete(Path);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(Path));
        listener.Listen(64);
        _listener = listener;
        _ = AcceptAsync(listener);
    }

    public void Stop()
    {
        _listener?.Dispose();
        _listener = null;
        lock (_open)
        {
            foreach (var socket in _open)
            {
                socket.Dispose();
            }

            _open.Clear();
        }
    }

    public void Dispose()
    {
        Stop();
        File.Delete(Path);
    }

    private async Task AcceptAsync(Socket listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }

            var upstream = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await upstream.ConnectAsync(new UnixDomainSocketEndPoint(_target));
            }
            catch (SocketException)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }

            lock (_open)
            {
                _open.Add(client);
                _open.Add(upstream);
            }

            _ = PumpAsync(client, upstream);
            _ = PumpAsync(upstream, client);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
