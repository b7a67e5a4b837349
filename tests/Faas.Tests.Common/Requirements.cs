using NUnit.Framework;

namespace Faas.Tests.Common;

/// <summary>
/// Skips a test (with the reason printed) when the machine lacks what it needs — except under CI
/// (<c>CI=true</c>), which has root, namespaces, cgroups and Docker: there a missing requirement fails.
/// </summary>
public static class Requirements
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool IsRoot => Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";

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

    public static void RequireRootSandbox() =>
        Require(IsRoot && File.Exists("/usr/bin/bwrap") && Directory.Exists("/sys/fs/cgroup"),
            "needs root, bubblewrap (/usr/bin/bwrap) and cgroups: run as root on Linux with `apt-get install bubblewrap`");

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
