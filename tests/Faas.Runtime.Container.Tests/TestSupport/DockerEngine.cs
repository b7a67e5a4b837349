using System.Net.Sockets;
using Docker.DotNet;
using Docker.DotNet.Handler.Abstractions;
using Docker.DotNet.Unix;
using Microsoft.Extensions.Logging.Abstractions;
using DockerApiException = Faas.Runtime.Container.Docker.DockerApiException;
using DockerClient = Faas.Runtime.Container.Docker.DockerClient;
using DockerEndpoint = Faas.Runtime.Container.Docker.DockerEndpoint;
using DockerUnreachableException = Faas.Runtime.Container.Docker.DockerUnreachableException;

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

    /// <summary>
    /// The library's own client (the engine's default API version), for what only the tests do: builds, file
    /// checks inside containers. Call after <see cref="RequireAsync"/>.
    /// </summary>
    public static IDockerClient Library() =>
        new DockerClientBuilder<UnixSocketTransportOptions>(
            DockerHandlerFactory.Instance,
            new UnixSocketTransportOptions(),
            new ClientOptions { Endpoint = new Uri(Endpoint), Timeout = TimeSpan.FromMinutes(10) },
            NullLogger.Instance).Build();
}
