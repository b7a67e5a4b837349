using Faas.Orchestrator.Runtime;
using Faas.Runtime.Process.Sandbox;

namespace Faas.Runtime.Process.Tests.Sandbox;

public sealed class SandboxCommandTests
{
    private static readonly ProcessRuntimeOptions Options =
        new(new HostLayout("/opt/faas/host", "/usr/share/dotnet"), IsolationLevel.Strict, "/var/lib/faas/state");

    private static readonly ResourceLimits Limits = new(256L << 20, 1000, 64, 8L << 20, 333);

    private static readonly SandboxRequest Request = new(
        ["/faas/dotnet/dotnet", "/faas/host/Faas.Host.dll", "--connect", "/run/faas/host.sock"],
        "/run/faas-sockets/i1",
        Limits,
        ["/sys/fs/cgroup/memory/faas/i1/cgroup.procs", "/sys/fs/cgroup/pids/faas/i1/cgroup.procs"],
        [],
        1_900_000_123,
        SandboxEnvironment.Runtime(Limits, "/faas/dotnet", 0.75));

    private static readonly SandboxSettings Full = new(true, true, true, "/var/lib/faas/state/seccomp-x86_64.bpf", true);

    [Test]
    public void Build_Full_ShellJoinsCgroupsAndSetsRlimitsBeforeExec()
    {
        var plan = SandboxCommand.Build(Options, Full, Request);
        var script = plan.Arguments[1];
        Assert.Multiple(() =>
        {
            Assert.That(plan.FileName, Is.EqualTo("/bin/sh"));
            Assert.That(plan.Arguments[0], Is.EqualTo("-c"));
            Assert.That(script, Does.StartWith("ulimit -c 0 && ulimit -n 333 && "));
            Assert.That(script, Does.Contain("echo $$ > '/sys/fs/cgroup/memory/faas/i1/cgroup.procs' && "));
            Assert.That(script, Does.Contain("echo $$ > '/sys/fs/cgroup/pids/faas/i1/cgroup.procs' && "));
            Assert.That(script.IndexOf("cgroup.procs", StringComparison.Ordinal), Is.LessThan(script.IndexOf("exec", StringComparison.Ordinal)));
            Assert.That(script, Does.EndWith("exec \"$@\" 9< '/var/lib/faas/state/seccomp-x86_64.bpf'"));
        });
    }

    [Test]
    public void Build_Full_SetprivDropsToTheInstanceUidBeforeBwrap()
    {
        var inner = SandboxCommand.Build(Options, Full, Request).Arguments.Skip(3).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(inner[0], Is.EqualTo("/usr/bin/setpriv"));
            Assert.That(inner, Does.Contain("--reuid=1900000123").And.Contain("--regid=1900000123").And.Contain("--clear-groups"));
            Assert.That(inner.IndexOf("/usr/bin/setpriv"), Is.LessThan(inner.IndexOf("/usr/bin/bwrap")));
            Assert.That(inner.TakeLast(4), Is.EqualTo(Request.Command));
        });
    }

    [Test]
    public void Build_PrivilegeDropWithoutUserId_Throws()
    {
        Assert.Throws<ArgumentException>(() => SandboxCommand.Build(Options, Full, Request with { UserId = null }));
    }

    [Test]
    public void Build_Full_LaunchChainGetsOnlyTheFixedEnvironment()
    {
        var plan = SandboxCommand.Build(Options, Full, Request);
        Assert.That(plan.Environment, Is.EquivalentTo(new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" }));
    }

    [Test]
    public void BubblewrapArguments_Full_ClearsTheEnvironmentThenSetsOnlyRuntimeVariables()
    {
        var args = SandboxCommand.BubblewrapArguments(Options, Full, Request);
        var set = new Dictionary<string, string>();
        for (var i = args.IndexOf("--setenv"); i >= 0 && i < args.Count; i = args.IndexOf("--setenv", i + 3))
        {
            set[args[i + 1]] = args[i + 2];
        }
        Assert.Multiple(() =>
        {
            Assert.That(args.IndexOf("--clearenv"), Is.GreaterThanOrEqualTo(0).And.LessThan(args.IndexOf("--setenv")));
            Assert.That(set, Is.EquivalentTo(Request.RuntimeVariables));
        });
    }

    [Test]
    public void Build_WithoutNamespaces_EnvClearsTheEnvironmentBeforeTheCommand()
    {
        var settings = Full with { UseNamespaces = false, SeccompFile = null, UseTmpfsSize = false };
        var inner = SandboxCommand.Build(Options, settings, Request).Arguments.Skip(3).ToList();
        var env = inner.IndexOf("/usr/bin/env");
        var assignments = Request.RuntimeVariables.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => v.Key + "=" + v.Value);
        Assert.Multiple(() =>
        {
            Assert.That(inner, Does.Not.Contain("/usr/bin/bwrap"));
            Assert.That(env, Is.GreaterThan(inner.IndexOf("/usr/bin/setpriv")));
            Assert.That(inner.Skip(env).Take(3), Is.EqualTo(new[] { "/usr/bin/env", "-i", "--" }));
            Assert.That(inner.Skip(env + 3), Is.EqualTo(assignments.Concat(Request.Command)));
        });
    }

    [Test]
    public void BubblewrapArguments_Full_UnsharesAllAndBindsOnlyRuntimeHostAndSocket()
    {
        var args = SandboxCommand.BubblewrapArguments(Options, Full, Request);
        var binds = Pairs(args, "--ro-bind").Select(p => p.Source).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(args, Does.Contain("--unshare-all").And.Contain("--die-with-parent").And.Contain("--new-session"));
            Assert.That(args, Does.Not.Contain("--share-net"));
            Assert.That(binds, Does.Contain("/usr/share/dotnet/dotnet"));
            Assert.That(binds, Does.Contain("/usr/share/dotnet/host/fxr"));
            Assert.That(binds, Does.Contain("/usr/share/dotnet/shared/Microsoft.NETCore.App"));
            Assert.That(binds, Does.Contain("/opt/faas/host"));
            Assert.That(binds, Has.None.StartsWith("/usr/share/dotnet/sdk"));
            Assert.That(binds, Has.None.Contains("AspNetCore"));
            Assert.That(binds, Has.None.StartsWith("/etc").And.None.StartsWith("/home").And.None.StartsWith("/var").And.None.EqualTo("/"));
            Assert.That(Pairs(args, "--bind"), Is.EqualTo(new[] { ("/run/faas-sockets/i1", "/run/faas") }));
            Assert.That(Window(args, "--size"), Is.EqualTo(new[] { "--size", "8388608", "--tmpfs", "/tmp" }));
            Assert.That(Window(args, "--seccomp"), Is.EqualTo(new[] { "--seccomp", "9" }));
            Assert.That(Window(args, "--remount-ro"), Is.EqualTo(new[] { "--remount-ro", "/" }));
        });
    }

    [Test]
    public void Build_NoSeccompNoTmpfsSize_OmitsThem()
    {
        var settings = Full with { SeccompFile = null, UseTmpfsSize = false };
        var plan = SandboxCommand.Build(Options, settings, Request);
        Assert.Multiple(() =>
        {
            Assert.That(plan.Arguments, Does.Not.Contain("--seccomp").And.Not.Contain("--size"));
            Assert.That(plan.Arguments[1], Does.Not.Contain("9<"));
        });
    }

    [Test]
    public void Quote_SingleQuote_IsEscaped()
    {
        Assert.That(SandboxCommand.Quote("/a'b"), Is.EqualTo("'/a'\\''b'"));
    }

    private static List<(string Source, string Destination)> Pairs(List<string> args, string option)
    {
        var pairs = new List<(string, string)>();
        for (var i = 0; i < args.Count - 2; i++)
        {
            if (args[i] == option)
            {
                pairs.Add((args[i + 1], args[i + 2]));
            }
        }
        return pairs;
    }

    private static IEnumerable<string> Window(List<string> args, string option)
    {
        var index = args.IndexOf(option);
        return index < 0 ? [] : args.Skip(index).Take(option == "--size" ? 4 : 2);
    }
}
