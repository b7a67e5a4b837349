using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Faas.Runtime.Container.Docker;
using Faas.Runtime.Container.Tests.TestSupport;
using Faas.Tests.Common;

namespace Faas.Runtime.Container.Tests;

/// <summary>
/// <c>readOnlyRootFilesystem</c> honoured for OpenFaaS image functions, with the operator's
/// <c>openfaas.writable_root: unbounded</c> (this engine cannot size-limit a writable layer): writable by default, as
/// in OpenFaaS, read-only when asked. The test watchdog reports whether it can write to <c>/scratch</c>, a directory
/// of its image (not a volume).
/// </summary>
[NonParallelizable]
public sealed class WritableRootTests
{
    private const string AdminKey = "admin-key-of-01";

    private DockerClient _docker = null!;
    private string _watchdog = "";
    private GatewayProcess _gateway = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        Requirements.RequireDocker();
        _docker = await DockerEngine.RequireAsync();
        _watchdog = await TestImages.EnsureWatchdogAsync(_docker);
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
              writable_root: unbounded
            """);
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

    private async Task<(string Answer, bool ReadonlyRootfs, JsonNode Status)> DeployAndInvokeAsync(string name, bool? readOnlyRootFilesystem)
    {
        using (var deployed = await _client.PostAsJsonAsync("system/functions", new { service = name, image = _watchdog, readOnlyRootFilesystem }))
        {
            Assert.That((int)deployed.StatusCode, Is.EqualTo(202), await deployed.Content.ReadAsStringAsync());
        }

        using var invoked = await _client.PostAsync($"function/{name}", new StringContent(""));
        var answer = await invoked.Content.ReadAsStringAsync();
        Assert.That((int)invoked.StatusCode, Is.EqualTo(200), answer + "\n" + _gateway.Output);
        var container = (await _docker.ListContainersAsync([$"faas.function={name}"], CancellationToken.None)).First();
        var inspect = await _docker.InspectContainerAsync(container.ID, CancellationToken.None);
        var status = JsonNode.Parse(await _client.GetStringAsync($"system/function/{name}"))!;
        return (answer, inspect.HostConfig!.ReadonlyRootfs, status);
    }

    [Test]
    public async Task Deploy_NoReadOnlyRootFilesystem_WritableRootAsInOpenFaas()
    {
        var (answer, readonlyRootfs, status) = await DeployAndInvokeAsync("root-writable", null);

        Assert.That(answer, Does.Contain("root=writable;"));
        Assert.That(readonlyRootfs, Is.False);
        Assert.That(status.AsObject().ContainsKey("readOnlyRootFilesystem"), Is.False);
    }

    [Test]
    public async Task Deploy_ReadOnlyRootFilesystemTrue_ReadOnlyRoot()
    {
        var (answer, readonlyRootfs, status) = await DeployAndInvokeAsync("root-read-only", true);

        Assert.That(answer, Does.Contain("root=read-only;"));
        Assert.That(readonlyRootfs, Is.True);
        Assert.That(status["readOnlyRootFilesystem"]!.GetValue<bool>(), Is.True);
    }
}
