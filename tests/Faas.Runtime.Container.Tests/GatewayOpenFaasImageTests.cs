using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Faas.Orchestrator.Runtime;
using Faas.Runtime.Container.Docker;
using Faas.Runtime.Container.Tests.TestSupport;
using Faas.Tests.Common;

namespace Faas.Runtime.Container.Tests;

/// <summary>
/// Issue 6 part 4 end to end: an OpenFaaS image function deployed through <c>/system/functions</c> runs
/// as it is in a <c>--network none</c> container; the gateway reaches its watchdog on the container's own
/// loopback (a socket made in the container's network namespace). The image is built locally from this
/// machine's .NET runtime and this test assembly (<see cref="TestApps.FakeWatchdog"/>).
/// </summary>
[NonParallelizable]
public sealed class GatewayOpenFaasImageTests
{
    private string _image = "";
    private const string AdminKey = "admin-key-of-01";

    private const string Config = """
        system:
          default_mode: container
          function_storage_path: {{storage}}
          base_image: faas-runtime:e2e-test
          cold_start_timeout: 60
        auth:
          api_keys:
            - { key: admin-key-of-01, scopes: [invoke, manage, admin] }
        """;

    private DockerClient _docker = null!;
    private GatewayProcess _gateway = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        Requirements.RequireDocker();
        _docker = await DockerEngine.RequireAsync();
        _image = await TestImages.EnsureWatchdogAsync(_docker);
        _gateway = await GatewayProcess.StartAsync(Config);
        _client = new HttpClient { BaseAddress = _gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + AdminKey)));
    }

    [OneTimeTearDown]
    public async Task OneTimeTearDown()
    {
        _client?.Dispose();
        if (_gateway is not null)
        {
            if (TestContext.CurrentContext.Result.FailCount > 0)
            {
                TestContext.Progress.WriteLine(_gateway.Output);
            }

            await _gateway.DisposeAsync();
        }

        _docker?.Dispose();
    }

    [Test]
    public async Task Invoke_ImageFunction_ReachesWatchdogInNetworklessContainer()
    {
        const string name = "of-image";
        const string secretValue = "image-secret-5e6f";
        using (var secret = await _client.PostAsJsonAsync("system/secrets", new { name = "wd-secret", value = secretValue }))
        {
            Assert.That((int)secret.StatusCode, Is.EqualTo(201), await secret.Content.ReadAsStringAsync());
        }

        var deployment = new
        {
            service = name,
            image = _image,
            envProcess = "cat",
            envVars = new Dictionary<string, string> { ["SECRET_NAME"] = "wd-secret" },
            secrets = new[] { "wd-secret" },
            labels = new Dictionary<string, string> { ["team"] = "images" },
            limits = new { memory = "128Mi", cpu = "500m" },
            readOnlyRootFilesystem = true,
        };
        using (var put = await _client.PutAsJsonAsync("system/functions", deployment))
        {
            Assert.That((int)put.StatusCode, Is.EqualTo(404));
        }

        using (var post = await _client.PostAsJsonAsync("system/functions", deployment))
        {
            Assert.That((int)post.StatusCode, Is.EqualTo(202), await post.Content.ReadAsStringAsync());
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"function/{name}.openfaas-fn/some/path?x=1") { Content = new StringContent("ping") };
        request.Headers.Add("X-Forwarded-For", "203.0.113.5");
        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text + "\n" + _gateway.Output);
        // The headers OpenFaaS functions rely on reach the watchdog, and the call id comes back.
        var callId = response.Headers.GetValues("X-Call-Id").Single();
        Assert.That(text, Does.Contain($"callid={callId};").And.Contain("xff=203.0.113.5, 127.0.0.1;").And.Contain("xfp=http;")
            .And.Contain($"xfh=127.0.0.1:{_gateway.Port};").And.Contain($"start={response.Headers.GetValues("X-Start-Time").Single()};"));
        Assert.That(text, Does.Contain("root=read-only;"), "readOnlyRootFilesystem: true");
        Assert.That(response.Headers.GetValues("X-Watchdog").Single(), Is.EqualTo("fake"));
        Assert.That(text, Does.Contain("method=POST;path=/some/path?x=1;body=ping;"));
        Assert.That(text, Does.Contain("interfaces=lo;"), "the container must have no network but loopback");
        Assert.That(text, Does.Contain("secret=" + secretValue));
        Assert.That(text, Does.Contain("fprocess=cat"));

        var containers = await _docker.ListContainersAsync([$"faas.function={name}"], CancellationToken.None);
        Assert.That(containers, Is.Not.Empty);
        var inspect = await _docker.InspectContainerAsync(containers[0].ID, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(inspect.HostConfig!.NetworkMode, Is.EqualTo("none"));
            Assert.That(inspect.HostConfig.ReadonlyRootfs, Is.True);
            Assert.That(inspect.HostConfig.Memory, Is.EqualTo(128L << 20));
            Assert.That(inspect.HostConfig.CapDrop, Is.EqualTo(new[] { "ALL" }));
            Assert.That(inspect.Config!.User, Does.Match("^[0-9]+:[0-9]+$"));
            var uid = int.Parse(inspect.Config.User!.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);
            Assert.That(uid, Is.InRange(SandboxUserPool.DefaultFirstUserId, SandboxUserPool.DefaultFirstUserId + SandboxUserPool.DefaultCount - 1),
                "its own uid from the platform's pool");
            Assert.That(inspect.Config.Healthcheck?.Test, Is.EqualTo(new[] { "NONE" }));
        });

        using (var status = await _client.GetAsync($"system/function/{name}"))
        {
            var json = await status.Content.ReadAsStringAsync();
            Assert.That(json, Does.Contain($"\"image\":\"{_image}\"").And.Contain("\"envProcess\":\"cat\"").And.Not.Contain(secretValue));
        }

        using (var delete = new HttpRequestMessage(HttpMethod.Delete, "system/functions") { Content = JsonContent.Create(new { functionName = name }) })
        using (var deleted = await _client.SendAsync(delete))
        {
            Assert.That((int)deleted.StatusCode, Is.EqualTo(202));
        }

        Assert.That(_gateway.Output, Does.Not.Contain(secretValue));
    }

    [Test]
    public async Task Deploy_WritableRootByDefault_BoundedOrRefusedWithHowToProceed()
    {
        var quotaProblem = ContainerRuntime.StorageQuotaProblem(await _docker.GetInfoAsync(CancellationToken.None));

        using var response = await _client.PostAsJsonAsync("system/functions", new { service = "of-writable", image = _image });
        // The gateway's log goes with the answer, so an unexpected 500 names its cause.
        var text = await response.Content.ReadAsStringAsync() + "\n--- gateway log ---\n" + _gateway.Output;

        if (quotaProblem is not null)
        {
            // This engine cannot size-limit a writable layer: fail closed, saying how to proceed.
            Assert.That((int)response.StatusCode, Is.EqualTo(400), text);
            Assert.That(text, Does.Contain("readOnlyRootFilesystem: true").And.Contain("openfaas.writable_root: unbounded").And.Contain(quotaProblem));
            return;
        }

        Assert.That((int)response.StatusCode, Is.EqualTo(202), text);
        using var invoked = await _client.PostAsync("function/of-writable", new StringContent(""));
        Assert.That(await invoked.Content.ReadAsStringAsync(), Does.Contain("root=writable;"));
        var container = (await _docker.ListContainersAsync(["faas.function=of-writable"], CancellationToken.None)).First();
        var inspect = await _docker.InspectContainerAsync(container.ID, CancellationToken.None);
        Assert.That(inspect.HostConfig!.StorageOpt!["size"], Is.EqualTo((64L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
