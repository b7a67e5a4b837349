using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Faas.Runtime.Container.Tests.TestApps;

/// <summary>
/// A stand-in for Faas.Host that the integration tests run inside containers (this test assembly,
/// copied as <c>Faas.Host.dll</c>). Only BCL types: nothing else is in the image. FAAS_TEST_MODE picks
/// the behaviour: <c>connect</c> (default) connects to <c>--connect</c>'s socket, reports who and where
/// it is, and waits for the other side to close; <c>oom-native</c> and <c>oom-managed</c> allocate past
/// the limit; <c>sleep</c> waits forever; <c>probe</c> reports on itself (<see cref="FakeProbe"/>).
/// </summary>
public static class FakeHost
{
    public static int Main(string[] args)
    {
        var mode = Environment.GetEnvironmentVariable("FAAS_TEST_MODE") ?? "connect";
        Console.Out.WriteLine("fake host mode=" + mode);
        Console.Error.WriteLine("fake host stderr line");
        switch (mode)
        {
            case "oom-native":
                return AllocateNative();
            case "oom-managed":
                return AllocateManaged();
            case "watchdog":
                return FakeWatchdog.Run();
            case "probe":
                return FakeProbe.Run();
            case "sleep":
                Thread.Sleep(Timeout.Infinite);
                return 0;
            default:
                return Connect(args);
        }
    }

    private static int Connect(string[] args)
    {
        var path = args.Length >= 2 && args[0] == "--connect" ? args[1] : "/run/faas/host.sock";
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(path));
        var report = new StringBuilder()
            .Append("uid=").Append(StatusField("Uid")).Append(';')
            .Append("capeff=").Append(StatusField("CapEff")).Append(';')
            .Append("nonewprivs=").Append(StatusField("NoNewPrivs")).Append(';')
            .Append("interfaces=").Append(string.Join(',', NetworkInterface.GetAllNetworkInterfaces().Select(i => i.Name))).Append(';')
            .Append("rootwritable=").Append(CanWrite("/faas-probe")).Append(';')
            .Append("tmpwritable=").Append(CanWrite("/tmp/faas-probe")).Append(';')
            .Append("env=").Append(Environment.GetEnvironmentVariable("FUNCTION_SETTING")).Append(';')
            .Append("gclimit=").Append(Environment.GetEnvironmentVariable("DOTNET_GCHeapHardLimit"))
            .Append('\n');
        socket.Send(Encoding.UTF8.GetBytes(report.ToString()));
        Console.Out.WriteLine("fake host connected");
        var buffer = new byte[64];
        while (socket.Receive(buffer) > 0)
        {
        }

        return 0;
    }

    private static string StatusField(string name)
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal));
        return line is null ? "?" : line[(name.Length + 1)..].Trim().Split('\t', ' ')[0];
    }

    private static bool CanWrite(string path)
    {
        try
        {
            File.WriteAllText(path, "x");
            File.Delete(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static unsafe int AllocateNative()
    {
        const int chunk = 8 << 20;
        var total = 0L;
        while (true)
        {
            var block = (byte*)NativeMemory.Alloc(chunk);
            for (var i = 0; i < chunk; i += 4096)
            {
                block[i] = 1;
            }

            total += chunk;
            Console.Out.WriteLine("allocated MiB=" + (total >> 20));
        }
    }

    private static int AllocateManaged()
    {
        var keep = new List<byte[]>();
        while (true)
        {
            var block = new byte[4 << 20];
            Array.Fill(block, (byte)1);
            keep.Add(block);
        }
    }
}
