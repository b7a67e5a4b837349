using Faas.Runtime.Container.Image;

namespace Faas.Runtime.Container.Tests.Image;

public sealed class PullReferenceTests
{
    [TestCase("alpine", "alpine", "latest", "docker.io")]
    [TestCase("openfaas/figlet:0.13", "openfaas/figlet", "0.13", "docker.io")]
    [TestCase("127.0.0.1:5000/team/fn:1", "127.0.0.1:5000/team/fn", "1", "127.0.0.1:5000")]
    [TestCase("127.0.0.1:5000/fn", "127.0.0.1:5000/fn", "latest", "127.0.0.1:5000")]
    [TestCase("localhost/fn:2", "localhost/fn", "2", "localhost")]
    [TestCase("ghcr.io/acme/fn@sha256:abc", "ghcr.io/acme/fn", "sha256:abc", "ghcr.io")]
    [TestCase("ghcr.io/acme/fn:1@sha256:abc", "ghcr.io/acme/fn", "sha256:abc", "ghcr.io")]
    public void Parse_Reference_SplitsAsDockerPullDoes(string image, string repository, string tag, string registry) =>
        Assert.That(PullReference.Parse(image), Is.EqualTo(new PullReference(repository, tag, registry)));
}
