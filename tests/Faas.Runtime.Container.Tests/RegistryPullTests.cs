using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Faas.Runtime.Container.Docker;
using Faas.Runtime.Container.Tests.TestSupport;
using Faas.Tests.Common;

namespace Faas.Runtime.Container.Tests;

/// <summary>
/// Issue 14, item 9, end to end against real registries on loopback ports (<see cref="LocalRegistry"/>): an image
/// the engine lacks is pulled when it is deployed through <c>/system/functions</c> — anonymously, with the deploy's
/// <c>registryAuth</c> (basic auth), or with the operator's credential (<c>openfaas.registry_auth</c>, a secret),
/// which also pulls it again at an instance's start when the engine lost it — and a wrong credential or an unknown
/// image is a clear 400 at deploy, never a hang. The image is the test watchdog, pushed there by the engine.
/// </summary>
[NonParallelizable]
public sealed class RegistryPullTests
{
    private const string AdminKey = "admin-key-of-01";
    private const string User = "puller";
    private const string Password = "registry-pw-51c0e";
    private const string ConfiguredSecret = "registry-login";

    private DockerClient _docker = null!;
    private string _watchdog = "";
    private LocalRegistry _open = null!;
    private LocalRegistry _private = null!;
    private GatewayProcess _gateway = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        Requirements.RequireDocker();
        _docker = await DockerEngine.RequireAsync();
        _watchdog = await TestImages.EnsureWatchdogAsync(_docker);
        _open = await LocalRegistry.StartAsync();
        _private = await LocalRegistry.StartAsync(User, Password);
        _gateway = await GatewayProcess.StartAsync($$$"""
            system:
              default_mode: container
              function_storage_path: {{storage}}
              base_image: faas-runtime:e2e-test
              cold_start_timeout: 60
            auth:
              api_keys:
                - { key: {{{AdminKey}}}, scopes: [invoke, manage, admin] }
            openfaas:
              registry_auth:
                "{{{_private.Address}}}": {{{ConfiguredSecret}}}
              pull_timeout: 120s
            """);
        _client = new HttpClient { BaseAddress = _gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(180) };
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

        foreach (var registry in new[] { _open, _private })
        {
            if (registry is not null)
            {
                await registry.DisposeAsync();
            }
        }

        _docker?.Dispose();
    }

    private static string Auth(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

    private Task<HttpResponseMessage> DeployAsync(string name, string image, string? registryAuth = null) =>
        _client.PostAsJsonAsync("system/functions", new { service = name, image, registryAuth, readOnlyRootFilesystem = true });

    private async Task AcceptedAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync() + "\n" + _gateway.Output);
        }
    }

    private async Task<string> InvokeAsync(string name)
    {
        using var response = await _client.PostAsync($"function/{name}", new StringContent("ping"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text + "\n" + _gateway.Output);
        return text;
    }

    [Test]
    public async Task Deploy_ImageOnlyInARegistry_PulledAtDeployThenInvoked()
    {
        var image = await _open.PushAsync(_watchdog, "faas-s14/watchdog:open");
        Assert.That(await _docker.InspectImageAsync(image, CancellationToken.None), Is.Null, "the engine lacks it before the deploy");

        await AcceptedAsync(await DeployAsync("pulled-open", image));

        Assert.That(await _docker.InspectImageAsync(image, CancellationToken.None), Is.Not.Null, "pulled at deploy");
        Assert.That(await InvokeAsync("pulled-open"), Does.Contain("method=POST;path=/;body=ping;"));
    }

    [Test]
    public async Task Deploy_PrivateRegistryWithRegistryAuth_PulledAndTheCredentialNeverShows()
    {
        var image = await _private.PushAsync(_watchdog, "faas-s14/watchdog:private");

        await AcceptedAsync(await DeployAsync("pulled-private", image, Auth(User, Password)));

        Assert.That(await InvokeAsync("pulled-private"), Does.Contain("body=ping"));
        var status = await _client.GetStringAsync("system/function/pulled-private");
        Assert.That(status, Does.Not.Contain(Password).And.Not.Contain(Auth(User, Password)));
        Assert.That(_gateway.Output, Does.Not.Contain(Password).And.Not.Contain(Auth(User, Password)));
    }

    [Test]
    public async Task Deploy_WrongCredential_400UnauthorizedAndNothingStored()
    {
        var image = await _private.PushAsync(_watchdog, "faas-s14/watchdog:wrong");

        using var response = await DeployAsync("pulled-wrong", image, Auth(User, "not-the-password"));
        var text = await response.Content.ReadAsStringAsync();
        using var lookup = await _client.GetAsync("system/function/pulled-wrong");

        Assert.That((int)response.StatusCode, Is.EqualTo(400), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
        Assert.That(text, Does.Contain(image).And.Contain("could not be pulled").And.Match("(?i)unauthorized|authentication|credentials"));
        Assert.That(text, Does.Not.Contain("not-the-password"));
        Assert.That((int)lookup.StatusCode, Is.EqualTo(404));
    }

    [Test]
    public async Task Deploy_UnknownImage_400NotFound()
    {
        var image = _open.Address + "/faas-s14/absent:none";

        using var response = await DeployAsync("pulled-absent", image);
        var text = await response.Content.ReadAsStringAsync();

        Assert.That((int)response.StatusCode, Is.EqualTo(400), text);
        Assert.That(text, Does.Contain(image).And.Match("(?i)not found|manifest unknown"));
    }

    [Test]
    public async Task Deploy_PrivateRegistryOperatorCredential_PulledAtDeployAndAgainWhenTheEngineLostIt()
    {
        using (var secret = await _client.PostAsJsonAsync("system/secrets", new { name = ConfiguredSecret, value = User + ":" + Password }))
        {
            Assert.That((int)secret.StatusCode, Is.AnyOf(201, 409), await secret.Content.ReadAsStringAsync());
        }

        var image = await _private.PushAsync(_watchdog, "faas-s14/watchdog:configured");
        await AcceptedAsync(await DeployAsync("pulled-configured", image));
        Assert.That(await InvokeAsync("pulled-configured"), Does.Contain("body=ping"));

        // The engine loses the image while no instance runs: the next start pulls it again with the operator's credential.
        using (var scaled = await _client.PostAsJsonAsync("system/scale-function/pulled-configured", new { serviceName = "pulled-configured", replicas = 0 }))
        {
            Assert.That((int)scaled.StatusCode, Is.EqualTo(202));
        }

        await Eventually.ThatAsync(async () => (await _docker.ListContainersAsync(["faas.function=pulled-configured"], CancellationToken.None)).Count == 0, "the scaled-away container removed");
        await LocalRegistry.RemoveFromEngineAsync(image);
        Assert.That(await _docker.InspectImageAsync(image, CancellationToken.None), Is.Null);

        Assert.That(await InvokeAsync("pulled-configured"), Does.Contain("body=ping"));
        Assert.That(await _docker.InspectImageAsync(image, CancellationToken.None), Is.Not.Null);
        Assert.That(_gateway.Output, Does.Not.Contain(Password));
    }
}
