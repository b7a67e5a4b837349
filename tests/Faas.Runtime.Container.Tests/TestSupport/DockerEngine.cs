using System.Net.Sockets;
using Faas.Runtime.Container.Docker;

namespace Faas.Runtime.Container.Tests.TestSupport;

/// <summary>
/// Gate for tests that need a real engine: ignored without one, but failed when CI=true
/// (CI runs scripts/ensure-docker.sh first, so a missing engine there is a real failure).
/// </summary>
internal static class DockerEngine
{
    public const string Endpoint = "unix:///var/run/docker.sock";

    public static async Task<DockerClient> RequireAsync()
    {
        var client = DockerClient.Create(DockerEndpoint.Parse(Endpoint), TimeSpan.FromSeconds(60));
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.PingAsync(timeout.Token);
            await client.NegotiateAsync(timeout.Token);
            return client;
        }
        catch (Exception ex) when (ex is DockerUnreachableException or DockerApiException or OperationCanceledException or SocketException)
        {
            client.Dispose();
            var reason = "no Docker engine answers at " + Endpoint + " (run scripts/ensure-docker.sh): " + ex.Message;
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(reason);
            }

            Assert.Ignore(reason);
            throw;
        }
    }
}
