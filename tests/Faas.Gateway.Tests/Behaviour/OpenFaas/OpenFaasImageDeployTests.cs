using System.Net.Http.Json;
using System.Text;
using Faas.Gateway.Tests.EndToEnd;
using Faas.Gateway.Tests.Hosting;
using Faas.Orchestrator.Runtime;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using Faas.Tests.Common;

namespace Faas.Gateway.Tests.Behaviour.OpenFaas;

/// <summary>
/// Issue 14, item 9 and <c>readOnlyRootFilesystem</c>, at the gateway: an image deploy is readied before it is
/// accepted (the runtime pulls it with the deploy's <c>registryAuth</c>, used for that pull only), the image policy
/// applies before any pull, a refusal is the deploy's answer, and the root file system asked for reaches the
/// runtime. The runtime's side against a real registry is <c>RegistryPullTests</c> in the container tests.
/// </summary>
[TestFixture]
public sealed class OpenFaasImageDeployTests : GatewayTestBase
{
    private const string Password = "registry-password-9f3c";

    private readonly FakeImageRuntime _images = new();

    protected override bool InProcess => true;

    protected override string ExtraYaml => "openfaas:\n  allowed_images: [\"allowed.example/*\"]";

    protected override void ConfigureInProcess(IServiceCollection services) => _images.AddTo(services);

    [Test]
    public async Task Deploy_WithRegistryAuth_PassesTheCredentialToThePullOnlyAndNeverLogsIt()
    {
        var name = UniqueName("private");
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("puller:" + Password));

        using var response = await Admin.PostAsJsonAsync("system/functions", new { service = name, image = "127.0.0.1:5000/team/fn:1", registryAuth = auth });

        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        var prepared = _images.Prepared.Single(p => p.Image == "127.0.0.1:5000/team/fn:1");
        Assert.That(prepared.Credential, Is.EqualTo(new RegistryCredential("puller", Password)));
        Assert.That(prepared.Credential!.ToString(), Does.Not.Contain(Password));
        var status = await Admin.GetStringAsync($"system/function/{name}");
        Assert.That(status, Does.Not.Contain(Password).And.Not.Contain(auth));
        Assert.That(Gateway.Output, Does.Not.Contain(Password).And.Not.Contain(auth));
    }

    [TestCase("not base64!")]
    [TestCase("bm8tY29sb24=")]
    public async Task Deploy_MalformedRegistryAuth_400(string registryAuth)
    {
        using var response = await Admin.PostAsJsonAsync("system/functions", new { service = UniqueName("badauth"), image = "127.0.0.1:5000/fn:1", registryAuth });

        Assert.That(await AssertErrorAsync(response, 400), Does.Contain("registryAuth"));
    }

    [Test]
    public async Task Deploy_PullRefused_400WithTheReasonAndNothingStored()
    {
        var name = UniqueName("unknown");
        _images.Preparation = image => image.Contains("missing", StringComparison.Ordinal)
            ? ImagePreparation.Refused($"image '{image}' could not be pulled from 127.0.0.1:5000: manifest unknown")
            : ImagePreparation.Ready("present");

        using var response = await Admin.PostAsJsonAsync("system/functions", new { service = name, image = "127.0.0.1:5000/missing:1" });
        using var lookup = await Admin.GetAsync($"system/function/{name}");

        Assert.That(await AssertErrorAsync(response, 400), Does.Contain("manifest unknown"));
        Assert.That((int)lookup.StatusCode, Is.EqualTo(404));
    }

    [Test]
    public async Task Deploy_EngineUnavailableForThePull_503()
    {
        _images.Preparation = image => image.Contains("offline", StringComparison.Ordinal)
            ? ImagePreparation.Unavailable("the Docker engine did not answer")
            : ImagePreparation.Ready("present");

        using var response = await Admin.PostAsJsonAsync("system/functions", new { service = UniqueName("offline"), image = "127.0.0.1:5000/offline:1" });

        Assert.That(await AssertErrorAsync(response, 503), Does.Contain("did not answer"));
    }

    [Test]
    public async Task Deploy_ImageNotAllowedForManageKey_403BeforeAnyPull()
    {
        using var manage = Gateway.Client(ManageKey);

        using var response = await manage.PostAsJsonAsync("system/functions", new { service = UniqueName("denied"), image = "127.0.0.1:5000/denied:1" });

        await AssertErrorAsync(response, 403);
        Assert.That(_images.Prepared.Select(p => p.Image), Does.Not.Contain("127.0.0.1:5000/denied:1"), "the image policy applies to pulls too");
    }

    [Test]
    public async Task Deploy_RootFilesystem_WritableByDefaultReadOnlyWhenAsked()
    {
        var writable = UniqueName("rw");
        var readOnly = UniqueName("ro");

        using (var first = await Admin.PostAsJsonAsync("system/functions", new { service = writable, image = "allowed.example/rw:1" }))
        using (var second = await Admin.PostAsJsonAsync("system/functions", new { service = readOnly, image = "allowed.example/ro:1", readOnlyRootFilesystem = true }))
        {
            Assert.That((int)first.StatusCode, Is.EqualTo(202));
            Assert.That((int)second.StatusCode, Is.EqualTo(202));
        }

        Assert.That(_images.Prepared.Single(p => p.Image == "allowed.example/rw:1").WritableRoot, Is.True);
        Assert.That(_images.Prepared.Single(p => p.Image == "allowed.example/ro:1").WritableRoot, Is.False);
        // Started at deploy (one replica): the specs carry what the runtime must give.
        await Eventually.ThatAsync(() => _images.Started.Any(s => s.FunctionName == writable) && _images.Started.Any(s => s.FunctionName == readOnly), "both image functions started at deploy");
        Assert.That(_images.Started.First(s => s.FunctionName == writable).WritableRoot, Is.True);
        Assert.That(_images.Started.First(s => s.FunctionName == readOnly).WritableRoot, Is.False);
    }
}
