using Faas.Orchestrator.Runtime;
using Faas.Runtime.Process.Sandbox;

namespace Faas.Runtime.Process.Tests.Sandbox;

public sealed class SandboxEnvironmentTests
{
    private static readonly ResourceLimits Limits = new(256L << 20, 1500, 64, 16L << 20, 512);

    [Test]
    public void Build_FunctionVariables_ArePassedAndNothingInherited()
    {
        Environment.SetEnvironmentVariable("FAAS_TEST_GATEWAY_SECRET", "leak");
        var environment = SandboxEnvironment.Build(new Dictionary<string, string> { ["DEBUG"] = "false" }, Limits, "/faas/dotnet", 0.75);
        Assert.Multiple(() =>
        {
            Assert.That(environment["DEBUG"], Is.EqualTo("false"));
            Assert.That(environment, Does.Not.ContainKey("FAAS_TEST_GATEWAY_SECRET"));
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
    public void Build_MemoryLimit_SizesGcHeapInHex()
    {
        var environment = SandboxEnvironment.Build(new Dictionary<string, string>(), Limits, "/d", 0.75);
        Assert.That(environment["DOTNET_GCHeapHardLimit"], Is.EqualTo("0xc000000"));
    }

    [Test]
    public void Build_FunctionOverridesRuntimeVariable_RuntimeWins()
    {
        var environment = SandboxEnvironment.Build(
            new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0xffffffffff", ["DOTNET_EnableDiagnostics"] = "1" }, Limits, "/d", 0.75);
        Assert.Multiple(() =>
        {
            Assert.That(environment["DOTNET_GCHeapHardLimit"], Is.EqualTo("0xc000000"));
            Assert.That(environment["DOTNET_EnableDiagnostics"], Is.EqualTo("0"));
        });
    }

    [TestCase("")]
    [TestCase("A=B")]
    [TestCase("A\0")]
    public void Build_InvalidName_Throws(string name)
    {
        Assert.Throws<ArgumentException>(() => SandboxEnvironment.Build(new Dictionary<string, string> { [name] = "x" }, Limits, "/d", 0.75));
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
