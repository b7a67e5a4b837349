using Faas.Orchestrator.Runtime;
using Faas.Runtime.Process.Sandbox;
using Microsoft.Extensions.Logging.Abstractions;

namespace Faas.Runtime.Process.Tests;

/// <summary>What the runtime starts for an instance: the function's environment is never part of it (issue 18, finding 1).</summary>
public sealed class ProcessRuntimePlanTests
{
    private const string Canary = "faas-canary-6f1d2c";

    private static readonly InstanceSpec Spec = new("i1", "f", 1, "/run/faas-sockets/i1", ResourceLimits.Default,
        new Dictionary<string, string> { ["LD_PRELOAD"] = "/nonexistent/" + Canary + ".so", ["CANARY"] = Canary, ["DOTNET_GCHeapHardLimit"] = "0x" + Canary },
        new NullSink());

    private static readonly IReadOnlyList<string> Command = ["/faas/dotnet/dotnet", "/faas/host/Faas.Host.dll", "--connect", "/run/faas/host.sock"];

    private static SandboxSettings? SettingsFor(string level) => level switch
    {
        "strict" => new SandboxSettings(true, true, true, "/state/seccomp.bpf", true),
        "standard without bubblewrap" => new SandboxSettings(false, true, true, null, false),
        "unprivileged platform" => new SandboxSettings(true, false, false, null, false),
        _ => null,
    };

    [TestCase("none")]
    [TestCase("strict")]
    [TestCase("standard without bubblewrap")]
    [TestCase("unprivileged platform")]
    public void Plan_FunctionEnvironment_NeverInArgumentsOrEnvironment(string level)
    {
        var settings = SettingsFor(level);
        var runtime = (ProcessRuntime)ProcessRuntimeFactory.Create(
            new ProcessRuntimeOptions(new HostLayout("/opt/faas/host", "/usr/share/dotnet"), IsolationLevel.Strict, "/state"), NullLoggerFactory.Instance);

        var plan = runtime.Plan(Spec, Command, settings, [], [], settings is { UsePrivilegeDrop: true } ? 1_900_000_001 : null);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Arguments.Prepend(plan.FileName), Has.None.Contains(Canary).And.None.Contains("LD_PRELOAD").And.None.Contains("CANARY"));
            Assert.That(plan.Environment.Keys, Has.None.EqualTo("LD_PRELOAD").And.None.EqualTo("CANARY"));
            Assert.That(plan.Environment.Values, Has.None.Contains(Canary));
            Assert.That(plan.Arguments.Prepend(plan.FileName).TakeLast(Command.Count), Is.EqualTo(Command));
        });
        if (settings is null)
        {
            Assert.That(plan.Environment["DOTNET_GCHeapHardLimit"], Is.EqualTo(SandboxEnvironment.GcHeapHardLimit(ResourceLimits.Default.MemoryBytes, 0.75)));
        }
        else
        {
            Assert.That(plan.Environment, Is.EquivalentTo(SandboxEnvironment.Launch));
        }
    }

    private sealed class NullSink : IInstanceLogSink
    {
        public void Write(string instanceId, LogStream stream, string line)
        {
        }
    }
}
