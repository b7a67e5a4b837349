using System.Net;
using System.Text.Json;
using Faas.Runtime.Container.Docker;
using Faas.Runtime.Container.Docker.Models;
using Faas.Runtime.Container.Tests.TestSupport;

namespace Faas.Runtime.Container.Tests.Docker;

public sealed class DockerClientTests
{
    private static (DockerClient Client, FakeDockerHandler Handler) Create(string engineApi, Func<HttpRequestMessage, string?, (HttpStatusCode, string)>? other = null)
    {
        var handler = new FakeDockerHandler((request, body) => request.RequestUri!.AbsolutePath == "/version"
            ? (HttpStatusCode.OK, $$"""{"Version":"99.0","ApiVersion":"{{engineApi}}","MinAPIVersion":"1.12"}""")
            : other?.Invoke(request, body) ?? (HttpStatusCode.OK, "{}"));
        return (new DockerClient(new DockerEndpoint("/fake.sock"), handler, TimeSpan.FromSeconds(5)), handler);
    }

    [TestCase("1.41", "1.41")]
    [TestCase("1.45", "1.45")]
    [TestCase("1.51", "1.45")]
    public async Task NegotiateAsync_EngineVersion_UsesLowerOfBoth(string engine, string expected)
    {
        var (client, handler) = Create(engine);
        using var _ = client;

        await client.NegotiateAsync(CancellationToken.None);
        await client.InspectImageAsync("x:y", CancellationToken.None);

        Assert.That(client.ApiVersion, Is.EqualTo(Version.Parse(expected)));
        Assert.That(handler.Requests[^1].PathAndQuery, Does.StartWith($"/v{expected}/images/x%3Ay/json"));
    }

    [Test]
    public void NegotiateAsync_EngineTooOld_ThrowsWithVersions()
    {
        var (client, _) = Create("1.30");
        using var _c = client;

        Assert.That(() => client.NegotiateAsync(CancellationToken.None), Throws.TypeOf<DockerApiException>().With.Message.Contains("1.30").And.Message.Contains("1.40"));
    }

    [Test]
    public async Task FirstVersionedCall_NotNegotiated_NegotiatesOnce()
    {
        var (client, handler) = Create("1.43");
        using var _ = client;

        await client.InspectImageAsync("a", CancellationToken.None);
        await client.InspectImageAsync("b", CancellationToken.None);

        Assert.That(handler.Requests.Count(r => r.PathAndQuery == "/version"), Is.EqualTo(1));
    }

    [Test]
    public void CreateContainerAsync_ErrorBody_SurfacesDockersMessage()
    {
        var (client, _) = Create("1.41", (_, _) => (HttpStatusCode.Conflict, """{"message":"Conflict. The container name \"/x\" is already in use"}"""));
        using var _c = client;
        var request = new ContainerCreateRequest { Image = "i", HostConfig = new HostConfig() };

        var ex = Assert.ThrowsAsync<DockerApiException>(() => client.CreateContainerAsync("x", request, CancellationToken.None));

        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(ex.DockerMessage, Does.Contain("is already in use"));
        Assert.That(ex.Message, Does.Contain("container create").And.Contain("409"));
    }

    [Test]
    public void ExtractMessage_PlainTextBody_UsesText() =>
        Assert.That(DockerClient.ExtractMessage("page not found\n"), Is.EqualTo("page not found"));

    [Test]
    public async Task InspectImageAsync_NotFound_ReturnsNull()
    {
        var (client, _) = Create("1.41", (_, _) => (HttpStatusCode.NotFound, """{"message":"No such image: x"}"""));
        using var _c = client;

        Assert.That(await client.InspectImageAsync("x", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task KillContainerAsync_NotRunning_ReturnsFalse()
    {
        var (client, _) = Create("1.41", (_, _) => (HttpStatusCode.Conflict, """{"message":"Container abc is not running"}"""));
        using var _c = client;

        Assert.That(await client.KillContainerAsync("abc", "KILL", CancellationToken.None), Is.False);
    }

    [Test]
    public async Task ListContainersAsync_LabelFilter_IsEncodedAsJson()
    {
        var (client, handler) = Create("1.41", (_, _) => (HttpStatusCode.OK, """[{"Id":"c1","Labels":{"faas.platform":"p"}}]"""));
        using var _c = client;

        var list = await client.ListContainersAsync(["faas.platform=p"], CancellationToken.None);

        Assert.That(list.Single().Id, Is.EqualTo("c1"));
        var query = Uri.UnescapeDataString(handler.Requests[^1].PathAndQuery);
        Assert.That(query, Does.Contain("all=true").And.Contain("""filters={"label":["faas.platform=p"]}"""));
    }

    [Test]
    public void ImportImageAsync_ErrorInProgressStream_Throws()
    {
        var (client, _) = Create("1.41", (_, _) => (HttpStatusCode.OK, "{\"status\":\"Importing\"}\n{\"errorDetail\":{\"message\":\"archive/tar: invalid tar header\"},\"error\":\"archive/tar: invalid tar header\"}\n"));
        using var _c = client;

        Assert.That(
            () => client.ImportImageAsync("r", "t", ["ENV A=1"], (s, ct) => s.WriteAsync(new byte[10], ct).AsTask(), null, CancellationToken.None),
            Throws.TypeOf<DockerApiException>().With.Property(nameof(DockerApiException.DockerMessage)).EqualTo("archive/tar: invalid tar header"));
    }

    [Test]
    public async Task ImportImageAsync_Changes_AreSentAsQueryParameters()
    {
        var (client, handler) = Create("1.41", (_, _) => (HttpStatusCode.OK, "{\"status\":\"sha256:abc\"}\n"));
        using var _c = client;
        var statuses = new List<string?>();

        await client.ImportImageAsync("faas-runtime", "1.0", ["ENV A=1", "USER 65534:65534"], (s, ct) => s.WriteAsync(new byte[1024], ct).AsTask(), m => statuses.Add(m.Status), CancellationToken.None);

        var query = Uri.UnescapeDataString(handler.Requests[^1].PathAndQuery);
        Assert.That(query, Does.Contain("fromSrc=-&repo=faas-runtime&tag=1.0").And.Contain("changes=ENV A=1").And.Contain("changes=USER 65534:65534"));
        Assert.That(statuses, Is.EqualTo(new[] { "sha256:abc" }));
    }

    [Test]
    public async Task PingAsync_NoSocket_ThrowsUnreachable()
    {
        using var client = DockerClient.Create(new DockerEndpoint("/nonexistent/docker.sock"), TimeSpan.FromSeconds(5));

        var ex = Assert.ThrowsAsync<DockerUnreachableException>(() => client.PingAsync(CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain("/nonexistent/docker.sock"));
        await Task.CompletedTask;
    }

    [Test]
    public void WaitResponse_Json_Deserializes()
    {
        var wait = JsonSerializer.Deserialize<ContainerWaitResponse>("""{"StatusCode":137,"Error":null}""", DockerJson.Options);

        Assert.That(wait!.StatusCode, Is.EqualTo(137));
    }
}
