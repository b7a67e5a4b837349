using Faas.Orchestrator.Validation;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Validation;

/// <summary>Security issue 18 finding 11: only images an operator allowed, never the platform's own, for non-admins.</summary>
[TestFixture]
public sealed class ImagePolicyTests
{
    private static readonly DeployCaller s_manage = new("team-a", IsAdmin: false);
    private static readonly DeployCaller s_admin = new("root", IsAdmin: true);

    private static ImagePolicy Policy(params string[] allowed) => new(allowed, "faas-runtime:0.1.0");

    [TestCase("ghcr.io/acme/*", "ghcr.io/acme/fn:1", true)]
    [TestCase("ghcr.io/acme/*", "ghcr.io/acme-evil/fn:1", false)]
    [TestCase("fn-*:v*", "fn-hello:v2", true)]
    [TestCase("fn-*:v*", "fn-hello:latest", false)]
    [TestCase("exact:1", "exact:1", true)]
    [TestCase("exact:1", "exact:10", false)]
    [TestCase("*", "anything/at:all", true)]
    [TestCase("a*b*c", "aXbYbZc", true)]
    [TestCase("a*b*c", "aXbYbZ", false)]
    public void Matches_Glob(string pattern, string image, bool expected) =>
        Assert.That(ImageReference.Matches(pattern, image), Is.EqualTo(expected));

    [Test]
    public void Problem_NoPatterns_RefusesNonAdminNamingTheSetting() =>
        Assert.That(Policy().Problem("ghcr.io/acme/fn:1", s_manage), Does.Contain("openfaas.allowed_images"));

    [Test]
    public void Problem_MatchedPattern_AllowsNonAdmin() =>
        Assert.That(Policy("ghcr.io/acme/*").Problem("ghcr.io/acme/fn:1", s_manage), Is.Null);

    [TestCase("faas-runtime:0.1.0")]
    [TestCase("faas-runtime:other-tag")]
    [TestCase("library/faas-runtime")]
    [TestCase("docker.io/library/faas-runtime:0.1.0")]
    [TestCase("FAAS-RUNTIME:0.1.0")]
    [TestCase("faas-runtime@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Problem_RuntimeImageRepository_RefusedToNonAdminEvenWithStar(string image) =>
        Assert.That(Policy("*").Problem(image, s_manage), Does.Contain("runtime image"));

    [TestCase("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [TestCase("7ce452045568")]
    public void Problem_ImageId_RefusedToNonAdminEvenWithStar(string image) =>
        Assert.That(Policy("*").Problem(image, s_manage), Does.Contain("by its ID"));

    [TestCase("faas-runtime:0.1.0")]
    [TestCase("7ce452045568")]
    [TestCase("anything:1")]
    public void Problem_Admin_MayRunAnyImage(string image) => Assert.That(Policy().Problem(image, s_admin), Is.Null);

    [TestCase("faas-runtime", "faas-runtime")]
    [TestCase("registry.local:5000/team/fn:1", "registry.local:5000/team/fn")]
    [TestCase("index.docker.io/library/redis:7", "redis")]
    [TestCase("docker.io/acme/fn@sha256:ab", "acme/fn")]
    public void Repository_NormalizesLikeTheEngine(string image, string repository) =>
        Assert.That(ImageReference.Repository(image), Is.EqualTo(repository));
}
