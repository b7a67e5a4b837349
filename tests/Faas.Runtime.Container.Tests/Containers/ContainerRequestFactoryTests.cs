using System.Text.Json;
using Faas.Orchestrator.Runtime;
using Faas.Runtime.Container.Containers;
using Faas.Runtime.Container.Docker;
using Faas.Runtime.Container.Tests.TestSupport;

namespace Faas.Runtime.Container.Tests.Containers;

public sealed class ContainerRequestFactoryTests
{
    private static readonly ContainerRuntimeOptions s_options = new(new HostLayout("/opt/host", "/usr/share/dotnet"), "faas-runtime:1.0", PlatformId: "p1");

    private static InstanceSpec Spec(ResourceLimits? limits = null, IReadOnlyDictionary<string, string>? env = null) =>
        new("inst-1", "hello fn", 7, "/run/faas-instances/inst-1", limits ?? new ResourceLimits(128L << 20, 500, 64, 16L << 20, 512),
            env ?? new Dictionary<string, string> { ["DEBUG"] = "true" }, NullLogSink.Instance);

    private const int UserId = 1_900_000_123;

    private static JsonElement Json(InstanceSpec spec, IEnumerable<string>? volumes = null) =>
        JsonSerializer.SerializeToElement(ContainerRequestFactory.Create(spec, s_options, UserId, volumes), DockerJson.Options);

    private static InstanceSpec ImageSpec(string? secrets = null) =>
        Spec() with { Image = "acme/fn:1", SecretsDirectory = secrets };

    [Test]
    public void Create_Always_HasNoNetwork()
    {
        var json = Json(Spec());

        Assert.That(json.GetProperty("NetworkDisabled").GetBoolean(), Is.True);
        Assert.That(json.GetProperty("HostConfig").GetProperty("NetworkMode").GetString(), Is.EqualTo("none"));
    }

    [Test]
    public void Create_Limits_AreMappedToHostConfig()
    {
        var host = Json(Spec()).GetProperty("HostConfig");

        Assert.That(host.GetProperty("Memory").GetInt64(), Is.EqualTo(128L << 20));
        Assert.That(host.GetProperty("MemorySwap").GetInt64(), Is.EqualTo(128L << 20), "no swap");
        Assert.That(host.GetProperty("NanoCpus").GetInt64(), Is.EqualTo(500_000_000));
        Assert.That(host.GetProperty("PidsLimit").GetInt64(), Is.EqualTo(64));
        Assert.That(host.GetProperty("Tmpfs").GetProperty("/tmp").GetString(), Does.Contain("size=" + (16L << 20)).And.Contain("noexec"));
        Assert.That(host.GetProperty("Ulimits")[0].GetProperty("Name").GetString(), Is.EqualTo("nofile"));
        Assert.That(host.GetProperty("Ulimits")[0].GetProperty("Hard").GetInt64(), Is.EqualTo(512));
    }

    [Test]
    public void Create_Always_IsLockedDown()
    {
        var json = Json(Spec());
        var host = json.GetProperty("HostConfig");

        Assert.That(host.GetProperty("ReadonlyRootfs").GetBoolean(), Is.True);
        Assert.That(host.GetProperty("CapDrop").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "ALL" }));
        Assert.That(host.TryGetProperty("CapAdd", out _), Is.False);
        Assert.That(host.GetProperty("SecurityOpt").EnumerateArray().Select(e => e.GetString()), Does.Contain("no-new-privileges:true"));
        Assert.That(host.GetProperty("Privileged").GetBoolean(), Is.False);
        Assert.That(json.GetProperty("User").GetString(), Is.EqualTo("1900000123:1900000123"), "the instance's own uid and gid");
    }

    [Test]
    public void Create_HostAndImage_DisableTheImageHealthCheck()
    {
        Assert.That(Json(Spec()).GetProperty("Healthcheck").GetProperty("Test").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "NONE" }));
        Assert.That(Json(ImageSpec()).GetProperty("Healthcheck").GetProperty("Test").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "NONE" }));
    }

    [Test]
    public void Create_ImageRunsAsInstanceUser()
    {
        Assert.That(Json(ImageSpec()).GetProperty("User").GetString(), Is.EqualTo("1900000123:1900000123"));
    }

    [Test]
    public void Create_RootUser_IsRefused() =>
        Assert.That(() => ContainerRequestFactory.Create(Spec(), s_options, 0), Throws.TypeOf<InstanceStartException>());

    [Test]
    public void Create_ImageVolumes_BecomeSizeLimitedTmpfsOwnedByTheInstance()
    {
        var tmpfs = Json(ImageSpec(), ["/data", "/var/cache//app/", "/srv/./x/../y"]).GetProperty("HostConfig").GetProperty("Tmpfs");
        var expected = "rw,nosuid,nodev,noexec,size=" + (16L << 20) + ",uid=1900000123,gid=1900000123,mode=0700";

        Assert.That(tmpfs.GetProperty("/data").GetString(), Is.EqualTo(expected));
        Assert.That(tmpfs.GetProperty("/var/cache/app").GetString(), Is.EqualTo(expected), "cleaned as the engine compares it");
        Assert.That(tmpfs.GetProperty("/srv/y").GetString(), Is.EqualTo(expected));
        Assert.That(tmpfs.GetProperty("/tmp").GetString(), Does.Contain("size=" + (16L << 20)));
    }

    [Test]
    public void Create_BaseImageVolumes_AlsoBecomeTmpfs()
    {
        var tmpfs = Json(Spec(), ["/data"]).GetProperty("HostConfig").GetProperty("Tmpfs");

        Assert.That(tmpfs.GetProperty("/data").GetString(), Does.StartWith("rw,nosuid,nodev,noexec,size="));
    }

    [Test]
    public void Create_VolumeOnAPlatformMount_IsCoveredByIt()
    {
        var host = Json(ImageSpec("/run/faas-instances/inst-1.secrets"), ["/tmp", "/var/openfaas/secrets/", "/tmp/cache"]).GetProperty("HostConfig");
        var tmpfs = host.GetProperty("Tmpfs").EnumerateObject().Select(p => p.Name).ToList();

        Assert.That(tmpfs, Is.EquivalentTo(new[] { "/tmp", "/tmp/cache" }));
        Assert.That(host.GetProperty("Tmpfs").GetProperty("/tmp").GetString(), Does.Contain("mode=1777"), "the platform's /tmp is kept");
        Assert.That(host.GetProperty("Binds")[0].GetString(), Is.EqualTo("/run/faas-instances/inst-1.secrets:/var/openfaas/secrets:ro"));
    }

    [TestCase("/")]
    [TestCase("/.")]
    [TestCase("/dev")]
    [TestCase("/proc/sys")]
    [TestCase("/sys")]
    [TestCase("relative/path")]
    [TestCase("")]
    [TestCase("/data\nx")]
    [TestCase("/run/faas/inner")]
    public void Create_VolumeThatCannotBeReplaced_RefusesTheImage(string volume)
    {
        var ex = Assert.Throws<InstanceStartException>(() => ContainerRequestFactory.Create(Spec(), s_options, UserId, ["/ok", volume]));

        Assert.That(ex!.Message, Does.Contain("faas-runtime:1.0").And.Contain("VOLUME"));
    }

    [Test]
    public void Create_TooManyVolumes_RefusesTheImage()
    {
        var volumes = Enumerable.Range(0, ImageVolumes.MaxVolumes + 1).Select(i => "/v" + i);

        Assert.That(() => ContainerRequestFactory.Create(ImageSpec(), s_options, UserId, volumes),
            Throws.TypeOf<InstanceStartException>().With.Message.Contains("acme/fn:1"));
    }

    [Test]
    public void Create_Binds_OnlyTheSocketDirectory()
    {
        var binds = Json(Spec()).GetProperty("HostConfig").GetProperty("Binds").EnumerateArray().Select(e => e.GetString()).ToList();

        Assert.That(binds, Is.EqualTo(new[] { "/run/faas-instances/inst-1:/run/faas:rw" }));
    }

    [Test]
    public void Create_Labels_NamePlatformFunctionInstanceVersion()
    {
        var labels = Json(Spec()).GetProperty("Labels");

        Assert.That(labels.GetProperty("faas.platform").GetString(), Is.EqualTo("p1"));
        Assert.That(labels.GetProperty("faas.function").GetString(), Is.EqualTo("hello fn"));
        Assert.That(labels.GetProperty("faas.instance").GetString(), Is.EqualTo("inst-1"));
        Assert.That(labels.GetProperty("faas.version").GetString(), Is.EqualTo("7"));
    }

    [Test]
    public void Create_Command_RunsHostAgainstSandboxSocket()
    {
        var cmd = Json(Spec()).GetProperty("Cmd").EnumerateArray().Select(e => e.GetString());

        Assert.That(cmd, Is.EqualTo(new[] { "dotnet", "/faas/host/Faas.Host.dll", "--connect", "/run/faas/host.sock" }));
    }

    [Test]
    public void Environment_FunctionVariables_PlusRuntimeOnes()
    {
        var env = ContainerRequestFactory.Environment(Spec(env: new Dictionary<string, string> { ["DEBUG"] = "1", ["DOTNET_gcServer"] = "1" }));

        Assert.That(env, Does.Contain("DEBUG=1"));
        Assert.That(env, Does.Contain("DOTNET_EnableDiagnostics=0"));
        Assert.That(env, Does.Contain("DOTNET_gcServer=0"), "the runtime's settings win");
        Assert.That(env, Does.Contain("DOTNET_GCHeapHardLimit=0x6000000"), "75% of 128 MiB, in hex");
        Assert.That(env.Any(e => e.StartsWith("PATH=", StringComparison.Ordinal)), Is.False, "nothing of the gateway's environment");
        Assert.That(env, Does.Contain("HOME=/tmp").And.Contain("TMPDIR=/tmp"), "a writable home for a uid without a passwd entry");
    }

    [TestCase(1L << 20, 500, 64)]
    [TestCase(128L << 20, 0, 64)]
    [TestCase(128L << 20, 500, 0)]
    public void Create_InvalidLimit_IsRefused(long memory, int cpu, int pids) =>
        Assert.That(() => ContainerRequestFactory.Create(Spec(new ResourceLimits(memory, cpu, pids, 1 << 20, 64)), s_options, UserId), Throws.TypeOf<InstanceStartException>());

    [Test]
    public void Create_BadEnvironmentName_IsRefused() =>
        Assert.That(() => ContainerRequestFactory.Create(Spec(env: new Dictionary<string, string> { ["A=B"] = "x" }), s_options, UserId), Throws.TypeOf<InstanceStartException>());

    [Test]
    public void ContainerName_OddCharacters_AreReplaced() =>
        Assert.That(ContainerRequestFactory.ContainerName(s_options, Spec()), Is.EqualTo("faas-p1-hello_fn-inst-1"));
}
