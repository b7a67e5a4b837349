using System.Net;
using Docker.DotNet.Models;
using Faas.Runtime.Container.Docker;
using Faas.Runtime.Container.Image;
using Faas.Runtime.Container.Tests.TestSupport;

namespace Faas.Runtime.Container.Tests.Docker;

/// <summary>The adapter over Docker.DotNet: negotiation, escaping, and how engine failures are sorted.</summary>
public sealed class DockerClientTests
{
    private static (DockerClient Client, FakeDockerHandler Handler) Create(string engineApi, Func<HttpRequestMessage, string?, (HttpStatusCode, string)>? other = null)
    {
        var handler = new FakeDockerHandler((request, body) => request.RequestUri!.AbsolutePath == "/version"
            ? (HttpStatusCode.OK, $$"""{"Version":"99.0","ApiVersion":"{{engineApi}}","MinAPIVersion":"1.12"}""")
            : other?.Invoke(request, body) ?? (HttpStatusCode.OK, "{}"));
        return (FakeDockerTransport.Client(handler), handler);
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

        Assert.That(client.ApiVersion, Is.EqualTo(System.Version.Parse(expected)));
        Assert.That(handler.Requests[^1].PathAndQuery, Is.EqualTo($"/v{expected}/images/x%3Ay/json"));
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
        Assert.That(handler.Requests[^1].PathAndQuery, Is.EqualTo("/v1.43/images/b/json"));
    }

    [Test]
    public async Task InspectImageAsync_NameWithPathSegments_StaysOneEscapedSegment()
    {
        var (client, handler) = Create("1.41", (_, _) => (HttpStatusCode.NotFound, """{"message":"No such image"}"""));
        using var _c = client;

        var image = await client.InspectImageAsync("x/../../containers/abc?all=1#f", CancellationToken.None);

        Assert.That(image, Is.Null);
        Assert.That(handler.Requests[^1].PathAndQuery, Is.EqualTo("/v1.41/images/x%2F..%2F..%2Fcontainers%2Fabc%3Fall%3D1%23f/json"),
            "a hostile image name must not reach another endpoint");
    }

    [Test]
    public void CreateContainerAsync_ErrorBody_SurfacesDockersMessage()
    {
        var (client, _) = Create("1.41", (_, _) => (HttpStatusCode.Conflict, """{"message":"Conflict. The container name \"/x\" is already in use"}"""));
        using var _c = client;

        var ex = Assert.ThrowsAsync<DockerApiException>(() => client.CreateContainerAsync(new CreateContainerParameters { Name = "x", Image = "i" }, CancellationToken.None));

        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(ex.DockerMessage, Is.EqualTo("Conflict. The container name \"/x\" is already in use"), "Docker's own message, not the library's wrapper text");
        Assert.That(ex.Message, Does.Contain("container create").And.Contain("409"));
    }

    [Test]
    public async Task CreateContainerAsync_Name_IsSentAsQuery()
    {
        var (client, handler) = Create("1.41", (_, _) => (HttpStatusCode.Created, """{"Id":"c1","Warnings":[]}"""));
        using var _c = client;

        var created = await client.CreateContainerAsync(new CreateContainerParameters { Name = "faas-p-f-i", Image = "faas-runtime:1" }, CancellationToken.None);

        Assert.That(created.ID, Is.EqualTo("c1"));
        Assert.That(handler.Requests[^1].PathAndQuery, Is.EqualTo("/v1.41/containers/create?name=faas-p-f-i"));
        Assert.That(handler.Requests[^1].Body, Does.Contain("\"Image\":\"faas-runtime:1\""));
    }

    [TestCase("page not found\n", "page not found")]
    [TestCase("""{"message":"No such container: x"}""", "No such container: x")]
    [TestCase("", "(no message)")]
    public void ExtractMessage_Body_GivesDockersText(string body, string expected) =>
        Assert.That(DockerClient.ExtractMessage(body), Is.EqualTo(expected));

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
        var (client, handler) = Create("1.41", (_, _) => (HttpStatusCode.Conflict, """{"message":"Container abc is not running"}"""));
        using var _c = client;

        Assert.That(await client.KillContainerAsync("abc", "KILL", CancellationToken.None), Is.False);
        Assert.That(handler.Requests[^1].PathAndQuery, Is.EqualTo("/v1.41/containers/abc/kill?signal=KILL"));
    }

    [Test]
    public async Task RemoveContainerAsync_Gone_ReturnsFalseAndForcesWithVolumes()
    {
        var (client, handler) = Create("1.41", (_, _) => (HttpStatusCode.NotFound, """{"message":"No such container: abc"}"""));
        using var _c = client;

        Assert.That(await client.RemoveContainerAsync("abc", CancellationToken.None), Is.False);
        Assert.That(handler.Requests[^1].PathAndQuery, Does.StartWith("/v1.41/containers/abc?").And.Contain("force=").And.Contain("v="));
    }

    [Test]
    public async Task ListContainersAsync_LabelFilter_IsEncodedAsJson()
    {
        var (client, handler) = Create("1.41", (_, _) => (HttpStatusCode.OK, """[{"Id":"c1","Labels":{"faas.platform":"p"}}]"""));
        using var _c = client;

        var list = await client.ListContainersAsync(["faas.platform=p"], CancellationToken.None);

        Assert.That(list.Single().ID, Is.EqualTo("c1"));
        var query = Uri.UnescapeDataString(handler.Requests[^1].PathAndQuery);
        Assert.That(query, Does.Contain("all=").And.Contain("""filters={"label":{"faas.platform=p":true}}"""));
    }

    [Test]
    public void ImportImageAsync_ErrorInProgressStream_ThrowsDockersMessage()
    {
        var (client, _) = Create("1.41", (_, _) => (HttpStatusCode.OK, "{\"status\":\"Importing\"}\n{\"errorDetail\":{\"message\":\"archive/tar: invalid tar header\"},\"error\":\"archive/tar: invalid tar header\"}\n"));
        using var _c = client;

        Assert.That(
            () => client.ImportImageAsync("r", "t", ["ENV A=1"], (s, ct) => s.WriteAsync(new byte[10], ct).AsTask(), null, CancellationToken.None),
            Throws.TypeOf<DockerApiException>().With.Property(nameof(DockerApiException.DockerMessage)).EqualTo("archive/tar: invalid tar header"));
    }

    [Test]
    public async Task ImportImageAsync_Changes_AreSentAsQueryParametersWithTheBody()
    {
        var (client, handler) = Create("1.41", (_, _) => (HttpStatusCode.OK, "{\"status\":\"sha256:abc\"}\n"));
        using var _c = client;
        var statuses = new List<string?>();

        await client.ImportImageAsync("faas-runtime", "1.0", ["ENV A=1", "USER 65534:65534"], async (s, ct) =>
        {
            for (var i = 0; i < 64; i++)
            {
                await s.WriteAsync(new byte[16 * 1024], ct);
            }
        }, m => statuses.Add(m.Status), CancellationToken.None);

        var (_, pathAndQuery, body) = handler.Requests[^1];
        var query = Uri.UnescapeDataString(pathAndQuery.Replace('+', ' '));
        Assert.That(query, Does.StartWith("/v1.41/images/create?"));
        Assert.That(query, Does.Contain("fromSrc=-").And.Contain("repo=faas-runtime").And.Contain("tag=1.0"));
        Assert.That(query, Does.Contain("changes=ENV A=1").And.Contain("changes=USER 65534:65534"));
        Assert.That(body, Has.Length.EqualTo(64 * 16 * 1024), "the whole tar reaches the engine");
        Assert.That(statuses, Is.EqualTo(new[] { "sha256:abc" }));
    }

    [Test]
    public void ImportImageAsync_ContentFails_ThrowsThatFailure()
    {
        var (client, _) = Create("1.41", (_, _) => (HttpStatusCode.OK, "{\"status\":\"x\"}\n"));
        using var _c = client;

        Assert.That(
            () => client.ImportImageAsync("r", "t", [], async (s, ct) =>
            {
                await s.WriteAsync(new byte[100], ct);
                throw new FileNotFoundException("libcoreclr.so is gone");
            }, null, CancellationToken.None),
            Throws.TypeOf<FileNotFoundException>().With.Message.EqualTo("libcoreclr.so is gone"));
    }

    [Test]
    public void PingAsync_NoSocket_ThrowsUnreachable()
    {
        using var client = DockerClient.Create(new DockerEndpoint("/nonexistent/docker.sock"), TimeSpan.FromSeconds(5));

        var ex = Assert.ThrowsAsync<DockerUnreachableException>(() => client.PingAsync(CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain("/nonexistent/docker.sock"));
    }

    [Test]
    public void PingAsync_NothingListens_ThrowsUnreachable()
    {
        var path = Path.Combine(Path.GetTempPath(), "faas-dead-" + Guid.NewGuid().ToString("N")[..8] + ".sock");
        File.WriteAllText(path, "");
        try
        {
            using var client = DockerClient.Create(new DockerEndpoint(path), TimeSpan.FromSeconds(5));

            var ex = Assert.ThrowsAsync<DockerUnreachableException>(() => client.PingAsync(CancellationToken.None));

            Assert.That(ex!.Message, Does.Contain(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void PingAsync_EngineNeverAnswers_ThrowsUnreachableNamingTheTimeout()
    {
        using var silent = new SilentSocket();
        using var client = DockerClient.Create(new DockerEndpoint(silent.Path), TimeSpan.FromSeconds(1));

        var ex = Assert.ThrowsAsync<DockerUnreachableException>(() => client.PingAsync(CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain(silent.Path).And.Contain("ping got no answer within 1 s"));
    }

    [Test]
    public void PingAsync_CallerCancels_IsCancellationNotUnreachable()
    {
        using var silent = new SilentSocket();
        using var client = DockerClient.Create(new DockerEndpoint(silent.Path), TimeSpan.FromSeconds(60));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.That(() => client.PingAsync(cancel.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task InfoAsync_EngineOnUnixSocketAnswersAnError_KeepsDockersMessage()
    {
        await using var engine = await FakeEngine.StartAsync(500, """{"message":"error during connect: the daemon is shutting down"}""");
        using var client = DockerClient.Create(new DockerEndpoint(engine.SocketPath), TimeSpan.FromSeconds(30));

        var ex = Assert.ThrowsAsync<DockerApiException>(() => client.GetInfoAsync(CancellationToken.None));

        Assert.That(ex!.DockerMessage, Is.EqualTo("error during connect: the daemon is shutting down"));
        Assert.That(ex.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(engine.Requests, Is.EqualTo(new[] { "GET /version", "GET /v1.41/info" }));
    }

    [Test]
    public async Task InspectContainerAsync_RealEngineUnknownId_ThrowsDockersNotFoundMessage()
    {
        using var docker = await DockerEngine.RequireAsync();

        var ex = Assert.ThrowsAsync<DockerApiException>(() => docker.InspectContainerAsync("faas-no-such-container", CancellationToken.None));

        Assert.That(ex!.IsNotFound, Is.True);
        Assert.That(ex.DockerMessage, Does.Contain("No such container: faas-no-such-container"));
    }
    [Test]
    public async Task ImportImageAsync_RealEngine_AppliesChangesAndRemoveImageDeletesIt()
    {
        using var docker = await DockerEngine.RequireAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var image = "faas-test-import:" + Guid.NewGuid().ToString("N")[..10];
        var root = new RootFilesystem();
        root.AddText("/etc/hello", "hello\n");
        var statuses = new List<string>();

        await docker.ImportImageAsync("faas-test-import", image.Split(':')[1], ["ENV A=1", "LABEL faas.test=yes", "USER 65534:65534"],
            (stream, ct) => root.WriteTarAsync(stream, ct), m => statuses.Add(m.Status ?? ""), timeout.Token);
        try
        {
            var imported = await docker.InspectImageAsync(image, timeout.Token);

            Assert.That(imported?.Config?.Env, Does.Contain("A=1"));
            Assert.That(imported!.Config!.Labels!["faas.test"], Is.EqualTo("yes"));
            Assert.That(imported.Config.User, Is.EqualTo("65534:65534"));
            Assert.That(statuses, Does.Contain(imported.ID), "the engine reports the new image's id");
        }
        finally
        {
            Assert.That(await docker.RemoveImageAsync(image, force: false, timeout.Token), Is.True);
        }

        Assert.That(await docker.InspectImageAsync(image, timeout.Token), Is.Null);
        Assert.That(await docker.RemoveImageAsync(image, force: false, timeout.Token), Is.False, "already gone");
    }

    [Test]
    public async Task ImportImageAsync_RealEngineRefusesTheContent_ThrowsDockersMessage()
    {
        using var docker = await DockerEngine.RequireAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var garbage = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7 + 1)).ToArray();

        var ex = Assert.ThrowsAsync<DockerApiException>(() => docker.ImportImageAsync("faas-test-import", "garbage", [],
            (stream, ct) => stream.WriteAsync(garbage, ct).AsTask(), null, timeout.Token));

        TestContext.Progress.WriteLine("engine said: " + ex!.DockerMessage);
        Assert.That(ex.Operation, Is.EqualTo("image import"));
        Assert.That(ex.DockerMessage, Is.Not.Empty.And.Not.Contain("Docker API responded"));
        Assert.That(await docker.InspectImageAsync("faas-test-import:garbage", timeout.Token), Is.Null);
    }
}
