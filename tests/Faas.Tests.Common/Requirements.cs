using NUnit.Framework;

namespace Faas.Tests.Common;

/// <summary>
/// Skips a test (with the reason printed) when the machine lacks what it needs — except under CI
/// (<c>CI=true</c>), which has root, namespaces, cgroups and Docker: there a missing requirement fails.
/// </summary>
public static class Requirements
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool IsRoot => Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root" || GetEffectiveUserId() == 0;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();

    public static void Require(bool met, string reason)
    {
        if (met)
        {
            return;
        }

        if (IsCi)
        {
            Assert.Fail("CI=true but this requirement is not met: " + reason);
        }

        Assert.Ignore(reason);
    }

    /// <summary>Root, bubblewrap, setpriv and a cgroup v1 or v2 hierarchy: what the strict process sandbox needs.</summary>
    public static void RequireRootSandbox()
    {
        Require(OperatingSystem.IsLinux(), "needs Linux");
        Require(IsRoot, "needs root (cgroups, setpriv): run the tests as root");
        Require(File.Exists("/usr/bin/bwrap"), "needs /usr/bin/bwrap: apt-get install bubblewrap");
        Require(File.Exists("/usr/bin/setpriv"), "needs /usr/bin/setpriv (util-linux)");
        Require(File.Exists("/sys/fs/cgroup/cgroup.controllers") || File.Exists("/sys/fs/cgroup/memory/cgroup.procs"),
            "needs cgroup v1 or v2 at /sys/fs/cgroup");
    }

    /// <summary>Root, unshare and ip: what making a network namespace with loopback up (a <c>--network none</c> container without Docker) needs.</summary>
    public static void RequireNetworkNamespaces() =>
        Require(IsRoot && File.Exists("/usr/bin/unshare") && (File.Exists("/usr/sbin/ip") || File.Exists("/sbin/ip")),
            "needs root, unshare (util-linux) and ip (iproute2) to make network namespaces");

    public static void RequireDocker() =>
        Require(File.Exists("/var/run/docker.sock") && DockerAnswers(),
            "needs a Docker engine on /var/run/docker.sock: run scripts/ensure-docker.sh as root");

    private static bool DockerAnswers()
    {
        try
        {
            using var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, ct) =>
                {
                    var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
                    await socket.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint("/var/run/docker.sock"), ct);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                },
            };
            using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
            return client.GetAsync("http://docker/_ping").GetAwaiter().GetResult().IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Net.Sockets.SocketException or TaskCanceledException)
        {
            return false;
        }
    }
}
