using Faas.Orchestrator.Runtime;
using Faas.Runtime.Process.Sandbox;

namespace Faas.Runtime.Process.Tests.Sandbox;

public sealed class SandboxEnvironmentTests
{
    private static readonly ResourceLimits Limits = new(256L << 20, 1500, 64, 16L << 20, 512);

    [Test]
    public void Launch_Always_IsOnlyAFixedPath()
    {
        Environment.SetEnvironmentVariable("FAAS_TEST_GATEWAY_SECRET", "leak");

        Assert.That(SandboxEnvironment.Launch, Is.EquivalentTo(new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" }));
    }

    [Test]
    public void Runtime_Limits_OnlyPlatformVariablesAndNothingInherited()
    {
        Environment.SetEnvironmentVariable("FAAS_TEST_GATEWAY_SECRET", "leak");
        var environment = SandboxEnvironment.Runtime(Limits, "/faas/dotnet", 0.75);
        Assert.Multiple(() =>
        {
            Assert.That(environment.Keys, Is.EquivalentTo(new[]
            {
                "PATH", "DOTNET_ROOT", "HOME", "TMPDIR", "DOTNET_EnableDiagnostics", "DOTNET_gcServer", "DOTNET_CLI_TELEMETRY_OPTOUT",
                "DOTNET_NOLOGO", "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "DOTNET_GCHeapHardLimit", "DOTNET_PROCESSOR_COUNT",
            }));
            Assert.That(environment["PATH"], Is.EqualTo("/faas/dotnet"));
            Assert.That(environment["DOTNET_ROOT"], Is.EqualTo("/faas/dotnet"));
            Assert.That(environment["HOME"], Is.EqualTo("/tmp"));
            Assert.That(environment["TMPDIR"], Is.EqualTo("/tmp"));
            Assert.That(environment["DOTNET_EnableDiagnostics"], Is.EqualTo("0"));
            Assert.That(environment["DOTNET_gcServer"], Is.EqualTo("0"));
            Assert.That(environment["DOTNET_CLI_TELEMETRY_OPTOUT"], Is.EqualTo("1"));
            Assert.That(environment["DOTNET_PROCESSOR_COUNT"], Is.EqualTo("2"));
        });
    }

    [Test]
    public void Runtime_MemoryLimit_SizesGcHeapInHex()
    {
        var environment = SandboxEnvironment.Runtime(Limits, "/d", 0.75);
        Assert.That(environment["DOTNET_GCHeapHardLimit"], Is.EqualTo("0xc000000"));
    }

    [TestCase(1, 1)]
    [TestCase(1000, 1)]
    [TestCase(1001, 2)]
    [TestCase(4000, 4)]
    public void ProcessorCount_Millicores_RoundsUp(int millicores, int expected)
    {
        Assert.That(SandboxEnvironment.ProcessorCount(millicores), Is.EqualTo(expected));
    }
}
