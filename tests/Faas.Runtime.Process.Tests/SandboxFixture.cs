using System.Collections.Concurrent;
using Faas.Orchestrator.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace Faas.Runtime.Process.Tests;

/// <summary>
/// A scratch layout for integration tests: a host directory with the real <c>Faas.Host</c>, a probe program,
/// a storage directory that must stay invisible, a state directory, per-instance socket directories and a
/// sandbox uid pool of its own (a random range, locks under the scratch directory). Everything the sandbox
/// users must read is made world-readable.
/// </summary>
internal sealed class SandboxFixture : IDisposable
{
    private const UnixFileMode Public = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public SandboxFixture()
    {
        Root = Directory.CreateTempSubdirectory("faas-process-test-").FullName;
        File.SetUnixFileMode(Root, Public);
        HostDirectory = CopyFiles("host", "Faas.Host.dll", "Faas.Host.runtimeconfig.json", "Faas.Host.deps.json", "Faas.Sdk.dll");
        ProbeDirectory = CopyFiles("probe", "Faas.SandboxProbe.dll", "Faas.SandboxProbe.runtimeconfig.json");
        StorageDirectory = Directory.CreateDirectory(Path.Combine(Root, "storage")).FullName;
        File.WriteAllText(Path.Combine(StorageDirectory, "secret.db"), "secret");
        StateDirectory = Path.Combine(Root, "state");
        UserLockDirectory = Path.Combine(Root, "uids");
        FirstUserId = 1_800_000_000 + (Random.Shared.Next(0, 90_000) * UserCount);
        CgroupParentName = "faas-test-" + Guid.NewGuid().ToString("n")[..8];
    }

    public string Root { get; }

    public string HostDirectory { get; }

    public string ProbeDirectory { get; }

    public string StorageDirectory { get; }

    public string StateDirectory { get; }

    public string CgroupParentName { get; }

    public const int UserCount = 1000;

    public string UserLockDirectory { get; }

    public int FirstUserId { get; }

    /// <summary>A pool over this fixture's uid range and lock directory (<paramref name="count"/> uids from <see cref="FirstUserId"/>).</summary>
    public SandboxUserPool Users(int count = UserCount) => new(UserLockDirectory, FirstUserId, count);

    public const string ProbeMount = "/faas/probe";

    /// <summary>The .NET installation running the tests (holds <c>shared/Microsoft.NETCore.App</c>).</summary>
    public static string DotnetRoot { get; } =
        new[] { Environment.GetEnvironmentVariable("DOTNET_ROOT"), "/usr/share/dotnet", "/usr/lib/dotnet" }
            .FirstOrDefault(d => d is not null && Directory.Exists(Path.Combine(d, "shared", "Microsoft.NETCore.App"))) ?? "/usr/share/dotnet";

    public ProcessRuntimeOptions Options(IsolationLevel level) =>
        new(new HostLayout(HostDirectory, DotnetRoot), level, StateDirectory)
        {
            CgroupParentName = CgroupParentName,
            SandboxUsers = Users(),
        };

    public async Task<ProcessRuntime> RuntimeAsync(IsolationLevel level, Func<ProcessRuntimeOptions, ProcessRuntimeOptions>? configure = null)
    {
        var options = Options(level);
        options = configure?.Invoke(options) ?? options;
        var runtime = (ProcessRuntime)ProcessRuntimeFactory.Create(options, NullLoggerFactory.Instance);
        await runtime.InitializeAsync(CancellationToken.None);
        return runtime;
    }

    public InstanceSpec Spec(CollectingLogSink logs, ResourceLimits? limits = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var id = "t-" + Guid.NewGuid().ToString("n")[..12];
        var sockets = Directory.CreateDirectory(Path.Combine(Root, "sockets", id)).FullName;
        File.SetUnixFileMode(Path.Combine(Root, "sockets"), Public);
        return new InstanceSpec(id, "probe", 1, sockets, limits ?? ResourceLimits.Default,
            environment ?? new Dictionary<string, string>(), logs);
    }

    /// <summary>The probe command: sandbox paths when the runtime uses namespaces, host paths otherwise.</summary>
    public IReadOnlyList<string> ProbeCommand(ProcessRuntime runtime, params string[] args) =>
        runtime.UsesNamespaces
            ? ["/faas/dotnet/dotnet", ProbeMount + "/Faas.SandboxProbe.dll", .. args]
            : [Path.Combine(DotnetRoot, "dotnet"), Path.Combine(ProbeDirectory, "Faas.SandboxProbe.dll"), .. args];

    public IReadOnlyList<(string, string)> ProbeBinds => [(ProbeDirectory, ProbeMount)];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        foreach (var controller in new[] { "memory", "cpu", "pids" })
        {
            foreach (var candidate in new[] { Path.Join("/sys/fs/cgroup", controller, OwnPath(controller), CgroupParentName), Path.Combine("/sys/fs/cgroup", CgroupParentName) })
            {
                try
                {
                    if (Directory.Exists(candidate))
                    {
                        Directory.Delete(candidate);
                    }
                }
                catch (IOException)
                {
                }
            }
        }
    }

    private static string OwnPath(string controller) =>
        Faas.Runtime.Process.Cgroups.CgroupHierarchy.OwnV1Path(File.ReadAllText("/proc/self/cgroup"), controller);

    private string CopyFiles(string name, params string[] files)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Root, name)).FullName;
        File.SetUnixFileMode(directory, Public);
        foreach (var file in files)
        {
            var target = Path.Combine(directory, file);
            File.Copy(Path.Combine(AppContext.BaseDirectory, file), target);
            File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        return directory;
    }
}

/// <summary>Collects the lines an instance writes, and parses the probe's "key=value" lines.</summary>
internal sealed class CollectingLogSink : IInstanceLogSink
{
    private readonly ConcurrentQueue<(LogStream Stream, string Line)> _lines = new();

    public IEnumerable<(LogStream Stream, string Line)> Lines => _lines;

    public void Write(string instanceId, LogStream stream, string line) => _lines.Enqueue((stream, line));

    public Dictionary<string, string> Values() =>
        _lines.Where(l => l.Stream == LogStream.Stdout && l.Line.Contains('='))
            .Select(l => l.Line.Split('=', 2))
            .GroupBy(p => p[0])
            .ToDictionary(g => g.Key, g => g.Last()[1]);

    public async Task WaitForAsync(string line, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_lines.Any(l => l.Line == line))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"no line '{line}' within {timeout}; got:\n{Dump()}");
            }
            await Task.Delay(20);
        }
    }

    public string Dump() => string.Join("\n", _lines.Select(l => $"[{l.Stream}] {l.Line}"));
}
