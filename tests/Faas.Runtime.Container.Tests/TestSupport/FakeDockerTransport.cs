using Docker.DotNet;
using Docker.DotNet.Handler.Abstractions;
using Faas.Runtime.Container.Docker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using DockerClient = Faas.Runtime.Container.Docker.DockerClient;

namespace Faas.Runtime.Container.Tests.TestSupport;

/// <summary>A library transport that hands every request to a <see cref="FakeDockerHandler"/> instead of a socket.</summary>
internal sealed class FakeDockerTransport : IDockerHandlerFactory<FakeDockerHandler>
{
    public static FakeDockerTransport Instance { get; } = new();

    /// <summary>The platform's client, talking to <paramref name="handler"/>.</summary>
    public static DockerClient Client(FakeDockerHandler handler, TimeSpan? requestTimeout = null) =>
        new(new DockerEndpoint("/fake/docker.sock"), requestTimeout ?? TimeSpan.FromSeconds(30), options =>
            new DockerClientBuilder<FakeDockerHandler>(Instance, handler, options, NullLogger.Instance).Build());

    public ResolvedTransport CreateHandler(FakeDockerHandler transportOptions, ResolvedClientOptions clientOptions, ILogger logger) =>
        new(transportOptions, new Uri("http://docker/"));

    public ResolvedTransport CreateHandler(ResolvedClientOptions clientOptions, ILogger logger) =>
        throw new NotSupportedException("the fake transport needs its handler");

    public Task<WriteClosableStream> HijackStreamAsync(HttpContent content) =>
        throw new NotSupportedException("the fake engine does not hijack streams");
}
