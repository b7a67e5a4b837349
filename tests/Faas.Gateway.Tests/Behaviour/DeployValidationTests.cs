using Faas.Gateway.Tests.EndToEnd;
using System.Net.Http.Json;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Behaviour;

/// <summary>
/// Security issue 18, findings 2, 4, 8 and 11, with the requests of the findings: the compiler reads no file,
/// ceilings bound what a deployer asks for, REST and OpenFaaS share one validator, and non-admins run only
/// allowed images.
/// </summary>
[TestFixture]
public sealed class DeployValidationTests : GatewayTestBase
{
    protected override bool InProcess => true;

    private const string Code = "object Handle(FaasRequest request) => \"ok\";";

    protected override string ExtraYaml => "openfaas:\n  allowed_images: [\"allowed.example/*\"]";

    private HttpClient Manage => _manage ??= Gateway.Client(ManageKey);

    private HttpClient? _manage;

    [OneTimeTearDown]
    public void DisposeClient() => _manage?.Dispose();

    [Test]
    public async Task Deploy_LoadOfTheSecretsKey_Returns400WithoutAnyOfItsText()
    {
        var keyFile = Path.Combine(Gateway.StoragePath, "secrets.key");
        var key = (await File.ReadAllTextAsync(keyFile)).Trim();

        using var response = await DeployAsync(UniqueName("load"), $"#load \"{keyFile}\"\n{Code}", client: Manage);
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(await AssertErrorAsync(response, 400, "compile_error"), Is.Not.Empty);
        Assert.That(body, Does.Contain("FAAS003").And.Not.Contain(key[..12]).And.Not.Contain(keyFile));
    }

    [Test]
    public async Task Deploy_ReferenceDirective_SameAnswerWhetherTheFileExistsOrNot()
    {
        var existing = Path.Combine(Gateway.StoragePath, "registry.db");
        Assert.That(File.Exists(existing), Is.True);

        using var present = await DeployAsync("ref-present", $"#r \"{existing}\"\n{Code}", client: Manage);
        using var absent = await DeployAsync("ref-present", $"#r \"{existing}.missing\"\n{Code}", client: Manage);

        var presentBody = await present.Content.ReadAsStringAsync();
        Assert.That((int)present.StatusCode, Is.EqualTo(400), presentBody);
        Assert.That(presentBody, Does.Contain("FAAS003").And.Not.Contain("registry.db"));
        Assert.That(await absent.Content.ReadAsStringAsync(), Is.EqualTo(presentBody));
    }

    [TestCase("memory", "4611686018427387903", "limits.memory (2Gi)")]
    [TestCase("memory", "100Gi", "limits.memory (2Gi)")]
    [TestCase("cpu_limit", "2147483647m", "limits.cpu (2000m)")]
    [TestCase("tmp_size", "100Gi", "limits.tmp_size (512Mi)")]
    [TestCase("max_pids", 65536, "limits.max_pids (1024)")]
    [TestCase("concurrency", 10000, "limits.concurrency (100)")]
    [TestCase("max_instances", 1000, "limits.max_instances (50)")]
    [TestCase("timeout", "1h", "limits.timeout (900s)")]
    public async Task Deploy_AboveACeiling_Returns400NamingIt(string key, object value, string ceiling)
    {
        using var response = await DeployAsync(UniqueName("ceiling"), Code, new Dictionary<string, object> { [key] = value }, Manage);

        Assert.That(await AssertErrorAsync(response, 400, "bad_request"), Does.Contain(ceiling));
    }

    [Test]
    public async Task Deploy_AboveMinInstancesOrEnvironmentCeilings_Returns400NamingThem()
    {
        var entries = Enumerable.Range(0, 200).ToDictionary(i => $"V{i}", _ => "1");
        var large = Enumerable.Range(0, 9).ToDictionary(i => $"BIG{i}", _ => new string('x', 4000));

        using var min = await DeployAsync(UniqueName("ceiling"), Code, new { min_instances = 11, max_instances = 11 }, Manage);
        using var many = await DeployAsync(UniqueName("ceiling"), Code, new { environment = entries }, Manage);
        using var bytes = await DeployAsync(UniqueName("ceiling"), Code, new { environment = large }, Manage);

        Assert.That(await AssertErrorAsync(min, 400), Does.Contain("limits.min_instances (10)"));
        Assert.That(await AssertErrorAsync(many, 400), Does.Contain("limits.environment_entries (128)"));
        Assert.That(await AssertErrorAsync(bytes, 400), Does.Contain("limits.environment_bytes (32768)"));
    }

    [Test]
    public async Task Deploy_RestLdPreload_Returns400()
    {
        using var response = await DeployAsync(UniqueName("env"), Code, new { environment = new Dictionary<string, string> { ["LD_PRELOAD"] = "/tmp/x.so" } }, Manage);

        Assert.That(await AssertErrorAsync(response, 400), Does.Contain("LD_PRELOAD"));
    }

    [Test]
    public async Task Update_RestToReservedEnvironmentOrAboveCeiling_Returns400AndKeepsTheFunction()
    {
        var name = UniqueName("upd");
        await DeployOkAsync(name, Code);

        using var env = await Manage.PutAsJsonAsync($"functions/{name}", new { config = new { environment = new Dictionary<string, string> { ["DOTNET_STARTUP_HOOKS"] = "/tmp/x.dll" } } });
        using var memory = await Manage.PutAsJsonAsync($"functions/{name}", new { config = new { memory = "100Gi" } });

        Assert.That(await AssertErrorAsync(env, 400), Does.Contain("DOTNET_STARTUP_HOOKS"));
        Assert.That(await AssertErrorAsync(memory, 400), Does.Contain("limits.memory"));
        var view = await JsonAsync(await Admin.GetAsync($"functions/{name}"));
        Assert.That(view["version"]!.GetValue<long>(), Is.EqualTo(1));
    }

    private static object OpenFaasDeployment(string name, Dictionary<string, string>? env = null, string? handler = null, string? memory = null)
    {
        var annotations = new Dictionary<string, string> { ["com.faas.code"] = Code };
        if (handler is not null)
        {
            annotations["com.faas.handler"] = handler;
        }

        return new { service = name, image = "faas-csharp:latest", envVars = env, annotations, limits = memory is null ? null : new { memory } };
    }

    [TestCase("A=B")]
    [TestCase("X\nY")]
    [TestCase("")]
    [TestCase("LD_PRELOAD")]
    public async Task OpenFaasDeploy_BadEnvironmentName_Returns400(string variable)
    {
        using var response = await Manage.PostAsJsonAsync("system/functions", OpenFaasDeployment(UniqueName("ofenv"), new() { [variable] = "1" }));

        Assert.That(await AssertErrorAsync(response, 400, "bad_request"), Does.Contain("environment variable"));
    }

    [Test]
    public async Task OpenFaasDeploy_BadHandlerOrAboveCeiling_Returns400()
    {
        using var handler = await Manage.PostAsJsonAsync("system/functions", OpenFaasDeployment(UniqueName("ofh"), handler: "1bad"));
        using var memory = await Manage.PostAsJsonAsync("system/functions", OpenFaasDeployment(UniqueName("ofm"), memory: "100Gi"));

        Assert.That(await AssertErrorAsync(handler, 400), Does.Contain("'handler' must be a C# method name"));
        Assert.That(await AssertErrorAsync(memory, 400), Does.Contain("limits.memory (2Gi)"));
    }

    [TestCase("ghcr.io/someone/else:1", "openfaas.allowed_images")]
    [TestCase("faas-runtime:latest", "runtime image")]
    [TestCase("docker.io/library/faas-runtime@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "runtime image")]
    [TestCase("7ce452045568", "by its ID")]
    public async Task OpenFaasDeploy_ImageNotAllowed_Returns403ForManageKey(string image, string reason)
    {
        using var response = await Manage.PostAsJsonAsync("system/functions", new { service = UniqueName("img"), image });

        Assert.That(await AssertErrorAsync(response, 403, "forbidden"), Does.Contain(reason));
    }

    [Test]
    public async Task OpenFaasDeploy_ImageAllowedOrAdmin_PassesThePolicy()
    {
        // This gateway runs without container mode, so an image that passes the policy meets 503, never 403.
        using var allowed = await Manage.PostAsJsonAsync("system/functions", new { service = UniqueName("img"), image = "allowed.example/fn:1" });
        using var admin = await Admin.PostAsJsonAsync("system/functions", new { service = UniqueName("img"), image = "ghcr.io/someone/else:1" });

        await AssertErrorAsync(allowed, 503, "mode_unavailable");
        await AssertErrorAsync(admin, 503, "mode_unavailable");
    }
}
