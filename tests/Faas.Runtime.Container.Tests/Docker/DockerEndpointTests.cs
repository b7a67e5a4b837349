using Faas.Runtime.Container.Docker;

namespace Faas.Runtime.Container.Tests.Docker;

public sealed class DockerEndpointTests
{
    [TestCase("unix:///var/run/docker.sock", "/var/run/docker.sock")]
    [TestCase("/run/user/1000/docker.sock", "/run/user/1000/docker.sock")]
    public void Parse_UnixSocket_GivesPath(string endpoint, string path) =>
        Assert.That(DockerEndpoint.Parse(endpoint).SocketPath, Is.EqualTo(path));

    [TestCase("tcp://127.0.0.1:2375")]
    [TestCase("http://docker:2375")]
    [TestCase("unix://relative.sock")]
    public void Parse_NotAUnixSocket_IsRefused(string endpoint) =>
        Assert.That(() => DockerEndpoint.Parse(endpoint), Throws.ArgumentException.With.Message.Contains("unix://"));
}
