using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;

namespace Faas.Runtime.Container.Tests.TestSupport;

/// <summary>What the tests check beside the platform's own client: the engine's volumes, file owners, bounded waits.</summary>
internal static class EngineProbe
{
    /// <summary><c>GET /volumes</c>: how many volumes the engine holds.</summary>
    public static async Task<int> VolumeCountAsync()
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint("/var/run/docker.sock"), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        using var document = JsonDocument.Parse(await client.GetStringAsync("http://docker/volumes"));
        return document.RootElement.TryGetProperty("Volumes", out var volumes) && volumes.ValueKind == JsonValueKind.Array ? volumes.GetArrayLength() : 0;
    }

    /// <summary>"uid:gid mode" of a path (<c>stat</c>; .NET has no owner API).</summary>
    public static string OwnerAndMode(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%u:%g %a", path]) { RedirectStandardOutput = true })!;
        var text = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return text;
    }

    /// <summary>The Uid line of <c>/proc/{pid}/status</c>: real, effective, saved, filesystem.</summary>
    public static IReadOnlyList<int> ProcessUids(int pid) =>
        [.. File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal))[4..]
            .Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture))];

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds; fails with <paramref name="what"/> otherwise.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan limit, Func<string> what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > limit)
            {
                Assert.Fail($"not within {limit.TotalSeconds} s: {what()}");
            }

            await Task.Delay(50);
        }
    }
}
