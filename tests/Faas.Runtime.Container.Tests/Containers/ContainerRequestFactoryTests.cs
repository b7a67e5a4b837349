using Docker.DotNet.Models;
using Faas.Orchestrator.Runtime;
using Faas.Runtime.Container.Containers;
using Faas.Runtime.Container.Tests.TestSupport;

namespace Faas.Runtime.Container.Tests.Containers;

public sealed class ContainerRequestFactoryTests
{
    private static readonly ContainerRuntimeOptions s_options = new(new HostLayout("/opt/host", "/usr/share/dotnet"), "faas-runtime:1.0", PlatformId: "p1");

    private static InstanceSpec Spec(ResourceLimits? limits = null, IReadOnlyDictionary<string, string>? env = null) =>
        new("inst-1", "hello fn", 7, "/run/faas-instances/inst-1", limits ?? new ResourceLimits(128L << 20, 500, 64, 16L << 20, 512),
            env ?? new Dictionary<string, string> { ["DEBUG"] = "true" }, NullLogSink.Instance);

    private const int UserId = 1_900_000_123;

    private static CreateContainerParameters Request(InstanceSpec spec, IEnumerable<string>? volumes = null) =>
        ContainerRequestFactory.Create(spec, s_options, UserId, volumes);

    private static InstanceSpec ImageSpec(string? secrets = null) =>
        Spec() with { Image = "acme/fn:1", SecretsDirectory = secrets };

    [Test]
    public void Create_Always_HasNoNetwork()
    {
        var request = Request(Spec());

        Assert.That(request.NetworkDisabled, Is.True);
        Assert.That(request.HostConfig!.NetworkMode, Is.EqualTo("none"));
        Assert.That(Request(ImageSpec()).HostConfig!.NetworkMode, Is.EqualTo("none"), "an image keeps only its loopback");
    }

    [Test]
    public void Create_Limits_AreMappedToHostConfig()
    {
        var host = Request(Spec()).HostConfig!;

        Assert.That(host.Memory, Is.EqualTo(128L << 20));
        Assert.That(host.MemorySwap, Is.EqualTo(128L << 20), "no swap");
        Assert.That(host.NanoCPUs, Is.EqualTo(500_000_000));
        Assert.That(host.PidsLimit, Is.EqualTo(64));
        Assert.That(host.Tmpfs!["/tmp"], Does.Contain("size=" + (16L << 20)).And.Contain("noexec"));
        Assert.That(host.Ulimits!.Single().Name, Is.EqualTo("nofile"));
        Assert.That(host.Ulimits!.Single().Hard, Is.EqualTo(512));
        Assert.That(host.Ulimits!.Single().Soft, Is.EqualTo(512));
    }

    [Test]
    public void Create_Always_IsLockedDown()
    {
        foreach (var request in new[] { Request(Spec()), Request(ImageSpec()) })
        {
            var host = request.HostConfig!;

            Assert.That(host.ReadonlyRootfs, Is.True);
            Assert.That(host.CapDrop, Is.EqualTo(new[] { "ALL" }));
            Assert.That(host.CapAdd, Is.Null);
            Assert.That(host.SecurityOpt, Does.Contain("no-new-privileges:true"));
            Assert.That(host.Privileged, Is.False);
            Assert.That(host.IpcMode, Is.EqualTo("private"));
            Assert.That(host.OomKillDisable, Is.False);
            Assert.That(host.LogConfig!.Type, Is.EqualTo("json-file"));
            Assert.That(host.LogConfig!.Config!["max-size"], Is.EqualTo("10m"));
            Assert.That(request.User, Is.EqualTo("1900000123:1900000123"), "the instance's own uid and gid");
        }
    }

    [Test]
    public void Create_HostAndImage_DisableTheImageHealthCheck()
    {
        Assert.That(Request(Spec()).Healthcheck!.Test, Is.EqualTo(new[] { "NONE" }));
        Assert.That(Request(ImageSpec()).Healthcheck!.Test, Is.EqualTo(new[] { "NONE" }));
    }

    [Test]
    public void Create_ImageRunsAsInstanceUser()
    {
        Assert.That(Request(ImageSpec()).User, Is.EqualTo("1900000123:1900000123"));
    }

    [Test]
    public void Create_RootUser_IsRefused() =>
        Assert.That(() => ContainerRequestFactory.Create(Spec(), s_options, 0), Throws.TypeOf<InstanceStartException>());

    [Test]
    public void Create_ImageVolumes_BecomeSizeLimitedTmpfsOwnedByTheInstance()
    {
        var tmpfs = Request(ImageSpec(), ["/data", "/var/cache//app/", "/srv/./x/../y"]).HostConfig!.Tmpfs!;
        var expected = "rw,nosuid,nodev,noexec,size=" + (16L << 20) + ",uid=1900000123,gid=1900000123,mode=0700";

        Assert.That(tmpfs["/data"], Is.EqualTo(expected));
        Assert.That(tmpfs["/var/cache/app"], Is.EqualTo(expected), "cleaned as the engine compares it");
        Assert.That(tmpfs["/srv/y"], Is.EqualTo(expected));
        Assert.That(tmpfs["/tmp"], Does.Contain("size=" + (16L << 20)));
    }

    [Test]
    public void Create_BaseImageVolumes_AlsoBecomeTmpfs()
    {
        var tmpfs = Request(Spec(), ["/data"]).HostConfig!.Tmpfs!;

        Assert.That(tmpfs["/data"], Does.StartWith("rw,nosuid,nodev,noexec,size="));
    }

    [Test]
    public void Create_VolumeOnAPlatformMount_IsCoveredByIt()
    {
        var host = Request(ImageSpec("/run/faas-instances/inst-1.secrets"), ["/tmp", "/var/openfaas/secrets/", "/tmp/cache"]).HostConfig!;

        Assert.That(host.Tmpfs!.Keys, Is.EquivalentTo(new[] { "/tmp", "/tmp/cache" }));
        Assert.That(host.Tmpfs!["/tmp"], Does.Contain("mode=1777"), "the platform's /tmp is kept");
        Assert.That(host.Binds, Is.EqualTo(new[] { "/run/faas-instances/inst-1.secrets:/var/openfaas/secrets:ro" }), "secrets read-only, nothing else");
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
    public void Create_WithObjects_BindsTheirCopiesReadOnly()
    {
        var spec = Spec() with { ObjectsDirectory = "/run/faas-instances/inst-1.objects", SecretsDirectory = "/run/faas-instances/inst-1.secrets" };

        Assert.That(Request(spec).HostConfig!.Binds, Is.EqualTo(new[]
        {
            "/run/faas-instances/inst-1:/run/faas:rw",
            "/run/faas-instances/inst-1.secrets:/var/openfaas/secrets:ro",
            "/run/faas-instances/inst-1.objects:/var/faas/objects:ro",
        }));
    }

    [Test]
    public void Create_ObjectsDirectoryWithColon_Refused()
    {
        var spec = Spec() with { ObjectsDirectory = "/run/x:/etc" };

        Assert.Throws<InstanceStartException>(() => Request(spec));
    }

    [Test]
    public void Create_Binds_OnlyTheSocketDirectory()
    {
        Assert.That(Request(Spec()).HostConfig!.Binds, Is.EqualTo(new[] { "/run/faas-instances/inst-1:/run/faas:rw" }));
        Assert.That(Request(Spec()).HostConfig!.Mounts, Is.Null, "no other mount, no volume");
    }

    [Test]
    public void Create_Labels_NamePlatformFunctionInstanceVersion()
    {
        var labels = Request(Spec()).Labels!;

        Assert.That(labels["faas.platform"], Is.EqualTo("p1"));
        Assert.That(labels["faas.function"], Is.EqualTo("hello fn"));
        Assert.That(labels["faas.instance"], Is.EqualTo("inst-1"));
        Assert.That(labels["faas.version"], Is.EqualTo("7"));
    }

    [Test]
    public void Create_Command_RunsHostAgainstSandboxSocket()
    {
        Assert.That(Request(Spec()).Cmd, Is.EqualTo(new[] { "dotnet", "/faas/host/Faas.Host.dll", "--connect", "/run/faas/host.sock" }));
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
    public void Create_ImageBelowTheEngineFloor_GetsTheFloor()
    {
        var host = Request(Spec(new ResourceLimits(5L << 20, 1, 64, 1 << 20, 64)) with { Image = "acme/tiny:1" }).HostConfig!;

        Assert.That(host.Memory, Is.EqualTo(6L << 20), "Docker refuses less than 6 MiB");
        Assert.That(host.MemorySwap, Is.EqualTo(6L << 20));
        Assert.That(host.NanoCPUs, Is.EqualTo(10_000_000L), "Docker refuses less than 0.01 CPUs");
    }

    [Test]
    public void Create_ImageAskingForWritableRoot_WritableAndBoundedWhenTheEngineCan()
    {
        var spec = ImageSpec() with { WritableRoot = true };

        var bounded = ContainerRequestFactory.Create(spec, s_options, UserId, null, boundWritableRoot: true).HostConfig!;
        var unbounded = ContainerRequestFactory.Create(spec, s_options, UserId, null, boundWritableRoot: false).HostConfig!;

        Assert.That(bounded.ReadonlyRootfs, Is.False);
        Assert.That(bounded.StorageOpt, Is.EqualTo(new Dictionary<string, string> { ["size"] = spec.Limits.TmpBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        Assert.That(unbounded.ReadonlyRootfs, Is.False);
        Assert.That(unbounded.StorageOpt, Is.Null);
    }

    [Test]
    public void Create_ReadOnlyImageOrHost_ReadOnlyRootWhateverTheSpecSays()
    {
        Assert.That(Request(ImageSpec()).HostConfig!.ReadonlyRootfs, Is.True);
        Assert.That(Request(Spec() with { WritableRoot = true }).HostConfig!.ReadonlyRootfs, Is.True, "a C# host is always read-only");
    }

    [Test]
    public void StorageQuotaProblem_Overlay2OnXfs_None_OtherwiseSaysWhy()
    {
        static SystemInfoResponse Info(string driver, string backing) =>
            new() { Driver = driver, DriverStatus = [["Backing Filesystem", backing], ["Supports d_type", "true"]] };

        Assert.That(EngineCapabilities.StorageQuotaProblem(Info("overlay2", "xfs")), Is.Null);
        Assert.That(EngineCapabilities.StorageQuotaProblem(Info("overlay2", "extfs")), Does.Contain("overlay2 on extfs").And.Contain("pquota"));
    }

    [Test]
    public void Create_BadEnvironmentName_IsRefused() =>
        Assert.That(() => ContainerRequestFactory.Create(Spec(env: new Dictionary<string, string> { ["A=B"] = "x" }), s_options, UserId), Throws.TypeOf<InstanceStartException>());

    [Test]
    public void Create_Name_IsTheSanitizedContainerName()
    {
        Assert.That(ContainerRequestFactory.ContainerName(s_options, Spec()), Is.EqualTo("faas-p1-hello_fn-inst-1"));
        Assert.That(Request(Spec()).Name, Is.EqualTo("faas-p1-hello_fn-inst-1"));
        Assert.That(Request(ImageSpec()).Name, Is.EqualTo("faas-p1-hello_fn-inst-1"));
    }
}
