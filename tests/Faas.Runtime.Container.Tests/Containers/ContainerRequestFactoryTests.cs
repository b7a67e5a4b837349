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

    private static JsonElement Json(InstanceSpec spec) =>
        JsonSerializer.SerializeToElement(ContainerRequestFactory.Create(spec, s_options), DockerJson.Options);

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
        Assert.That(json.GetProperty("User").GetString(), Is.EqualTo("65534:65534"));
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
        Assert.That(env.Any(e => e.StartsWith("PATH=", StringComparison.Ordinal) || e.StartsWith("HOME=", StringComparison.Ordinal)), Is.False, "nothing of the gateway's environment");
    }

    [TestCase(1L << 20, 500, 64)]
    [TestCase(128L << 20, 0, 64)]
    [TestCase(128L << 20, 500, 0)]
    public void Create_InvalidLimit_IsRefused(long memory, int cpu, int pids) =>
        Assert.That(() => ContainerRequestFactory.Create(Spec(new ResourceLimits(memory, cpu, pids, 1 << 20, 64)), s_options), Throws.TypeOf<InstanceStartException>());

    [Test]
    public void Create_BadEnvironmentName_IsRefused() =>
        Assert.That(() => ContainerRequestFactory.Create(Spec(env: new Dictionary<string, string> { ["A=B"] = "x" }), s_options), Throws.TypeOf<InstanceStartException>());

    [Test]
    public void ContainerName_OddCharacters_AreReplaced() =>
        Assert.That(ContainerRequestFactory.ContainerName(s_options, Spec()), Is.EqualTo("faas-p1-hello_fn-inst-1"));
}
