using System.Net;
using System.Net.Http.Json;
using System.Text;
using Faas.Runtime.Container.Docker;
using Faas.Runtime.Container.Tests.TestSupport;
using Faas.Tests.Common;

namespace Faas.Runtime.Container.Tests;

/// <summary>
/// Function objects in container mode, end to end: the real gateway, a container from its runtime image; the
/// objects as of the start are read-only files at <c>/var/faas/objects</c>, and the SDK writes over the host
/// connection (the container has no network).
/// </summary>
[NonParallelizable]
public sealed class GatewayContainerObjectsTests
{
    private const string Config = """
        system:
          default_mode: container
          function_storage_path: {{storage}}
          base_image: faas-runtime:objects-test
          cold_start_timeout: 60
        auth:
          api_keys:
            - { key: test-key, scopes: [invoke, manage, admin] }
        """;

    private DockerClient _docker = null!;
    private GatewayProcess _gateway = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _docker = await DockerEngine.RequireAsync();
        _gateway = await GatewayProcess.StartAsync(Config);
        _client = _gateway.Client("test-key");
    }

    [OneTimeTearDown]
    public async Task OneTimeTearDown()
    {
        _client?.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        _docker?.Dispose();
    }

    [Test]
    public async Task Container_ReadsMountedObjectReadOnlyAndWritesThroughTheSdk()
    {
        using (var deployed = await _client.PostAsJsonAsync("functions", new
        {
            name = "objects-box",
            code = """
                async Task<object> Handle(FaasRequest r)
                {
                    var mounted = System.IO.File.ReadAllText("/var/faas/objects/input.txt");
                    string writable;
                    try { System.IO.File.WriteAllText("/var/faas/objects/input.txt", "changed"); writable = "writable"; }
                    catch (Exception e) { writable = e.GetType().Name; }
                    var saved = await r.Objects.WriteAsync("output.txt", Encoding.UTF8.GetBytes(mounted.ToUpperInvariant()));
                    var names = string.Join(",", (await r.Objects.ListAsync()).Select(o => o.Name));
                    return $"{mounted}|{writable}|{saved.Size}|{names}";
                }
                """,
            config = new Dictionary<string, object> { ["execution_mode"] = "container", ["memory"] = "128Mi", ["timeout"] = 30 },
        }))
        {
            Assert.That(deployed.StatusCode, Is.EqualTo(HttpStatusCode.Created), await deployed.Content.ReadAsStringAsync() + "\n" + _gateway.Output);
        }

        using (var put = await _client.PutAsync("functions/objects-box/objects/input.txt", new StringContent("from the store")))
        {
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.Created), await put.Content.ReadAsStringAsync());
        }

        using var invoked = await _client.PostAsync("invoke/objects-box", null);
        var answer = await invoked.Content.ReadAsStringAsync();
        using var output = await _client.GetAsync("functions/objects-box/objects/output.txt");

        Assert.That(invoked.StatusCode, Is.EqualTo(HttpStatusCode.OK), answer + "\n" + _gateway.Output);
        var parts = answer.Split('|');
        Assert.That(parts[0], Is.EqualTo("from the store"));
        Assert.That(parts[1], Is.Not.EqualTo("writable"));
        Assert.That(parts[2], Is.EqualTo("14"));
        Assert.That(parts[3], Is.EqualTo("input.txt,output.txt"));
        Assert.That(await output.Content.ReadAsStringAsync(), Is.EqualTo("FROM THE STORE"));
    }
}
