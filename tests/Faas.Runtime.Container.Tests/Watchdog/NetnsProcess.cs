using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Faas.Runtime.Container.Watchdog;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Runtime.Container.Tests.Watchdog;

/// <summary>
/// A process in a network namespace of its own with loopback up (<c>unshare --net</c>, then <c>ip link set lo
/// up</c>, then <c>sleep</c>): what a <c>--network none</c> container is, without Docker. Needs root.
/// </summary>
internal sealed class NetnsProcess : IDisposable
{
    private readonly Process _process;

    private NetnsProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public static async Task<NetnsProcess> StartAsync()
    {
        var process = Process.Start(new ProcessStartInfo("/usr/bin/unshare", ["--net", "--", "/bin/sh", "-c", "ip link set lo up && exec sleep infinity"])
        {
            UseShellExecute = false,
        })!;
        var started = new NetnsProcess(process);
        var watch = Stopwatch.StartNew();
        // Ready once the shell has brought lo up and become sleep (same pid).
        while (ReadComm(process.Id) != "sleep")
        {
            if (process.HasExited || watch.Elapsed > TimeSpan.FromSeconds(60))
            {
                started.Dispose();
                Assert.Fail("the namespaced process did not start");
            }

            await Task.Delay(20);
        }

        return started;
    }

    /// <summary>Opens this process's namespace (as the container runtime does right after a start).</summary>
    public NetworkNamespaceHandle OpenNamespace() =>
        NetworkNamespaceHandle.TryOpen(Pid, out var problem) ?? throw new AssertionException("could not open the namespace: " + problem);

    /// <summary>A listener on 127.0.0.1:<paramref name="port"/> inside <paramref name="target"/>.</summary>
    public static async Task<Socket> ListenAsync(NetworkNamespaceHandle target, int port)
    {
        var listener = await NamespaceSocket.CreateAsync(target);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(8);
        return listener;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.WaitForExit();
        _process.Dispose();
    }

    private static string? ReadComm(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
