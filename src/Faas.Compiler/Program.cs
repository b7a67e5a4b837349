using System.Net.Sockets;
using Faas.Compiler;

// Faas.Compiler: the compiler worker. Runs sandboxed like a function instance (own uid and cgroup, no network),
// connects to the socket the gateway listens on and compiles what it is sent until the connection closes.
if (args.Length != 2 || args[0] != "--connect")
{
    Console.Error.WriteLine("usage: Faas.Compiler --connect <unix socket path>");
    return 2;
}

using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
try
{
    socket.Connect(new UnixDomainSocketEndPoint(args[1]));
}
catch (SocketException ex)
{
    Console.Error.WriteLine($"faas-compiler: cannot connect to {args[1]}: {ex.Message}");
    return 3;
}

await new CompileServer(new NetworkStream(socket, ownsSocket: false)).RunAsync().ConfigureAwait(false);
return 0;
