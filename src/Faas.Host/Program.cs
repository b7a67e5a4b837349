using System.Net.Sockets;
using Faas.Host;

// Faas.Host: runs inside the sandbox, connects to the orchestrator's Unix socket and serves
// invocations of one handler until the connection closes.
if (args.Length != 2 || args[0] != "--connect")
{
    Console.Error.WriteLine("usage: Faas.Host --connect <unix socket path>");
    return 2;
}

// Everything in the environment now was set by the platform (the sandbox starts from an empty one).
var platformVariables = Environment.GetEnvironmentVariables().Keys.Cast<string>().ToHashSet(StringComparer.Ordinal);
using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
try
{
    socket.Connect(new UnixDomainSocketEndPoint(args[1]));
}
catch (SocketException ex)
{
    Console.Error.WriteLine($"faas-host: cannot connect to {args[1]}: {ex.Message}");
    return 3;
}

var server = new HostServer(new BlockingReadStream(new NetworkStream(socket, ownsSocket: false)), platformVariables);
await server.RunAsync().ConfigureAwait(false);
return 0;
