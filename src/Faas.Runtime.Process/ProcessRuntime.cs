using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Faas.Orchestrator.Runtime;
using Faas.Runtime.Process.Cgroups;
using Faas.Runtime.Process.Interop;
using Faas.Runtime.Process.Sandbox;
using Faas.Runtime.Process.Seccomp;
using Microsoft.Extensions.Logging;

namespace Faas.Runtime.Process;

/// <summary>Process mode: each host runs in its own bubblewrap sandbox, cgroup, seccomp filter and rlimits.</summary>
internal sealed partial class ProcessRuntime : IFunctionRuntime
{
    private const string InstancesDirectoryName = "instances";

    /// <summary>How long an instance's leftover processes may take to die before its uid is withheld.</summary>
    internal static readonly TimeSpan UserReleaseTimeout = TimeSpan.FromSeconds(5);

    private readonly ProcessRuntimeOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<ProcessInstance, byte> _instances = new();
    private SandboxCapabilities? _capabilities;
    private CgroupHierarchy? _cgroups;
    private string? _seccompFile;

    public ProcessRuntime(ProcessRuntimeOptions options, ILogger logger, TimeProvider time)
    {
        _options = options;
        _logger = logger;
        _time = time;
    }

    public ExecutionMode Mode => ExecutionMode.Process;

    public bool SupportsStemCells => true;

    public RuntimeStatus Status { get; private set; } = RuntimeStatus.Unavailable("the process runtime has not been initialized");

    public IsolationLevel Level => _options.Level;

    internal SandboxCapabilities? Capabilities => _capabilities;

    internal CgroupHierarchy? Cgroups => _cgroups;

    private string InstancesDirectory => Path.Combine(_options.StateDirectory, InstancesDirectoryName);

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            Status = RuntimeStatus.Unavailable("process mode needs Linux");
            return;
        }
        CreatePrivateDirectory(_options.StateDirectory);
        CreatePrivateDirectory(InstancesDirectory);
        if (_options.Level == IsolationLevel.None)
        {
            Log.IsolationNone(_logger);
            Status = RuntimeStatus.Ready("isolation level 'none': hosts run as plain child processes without a sandbox");
            return;
        }

        _seccompFile = WriteSeccompProgram();
        (_capabilities, _cgroups) = await SystemProbe.RunAsync(_options, _seccompFile, cancellationToken).ConfigureAwait(false);
        if (_capabilities.Missing.Count == 0)
        {
            Status = RuntimeStatus.Ready($"sandbox ready ({_options.Level.ToString().ToLowerInvariant()}, cgroup {_cgroups.Version})");
        }
        else if (_options.Level == IsolationLevel.Strict)
        {
            var reason = "strict process isolation needs features this machine lacks: " + _capabilities.DescribeMissing()
                + ". Install them (run --check-system) or set system.process_isolation_level to 'standard' or 'none'.";
            Log.StrictUnavailable(_logger, reason);
            Status = RuntimeStatus.Unavailable(reason);
            return;
        }
        else
        {
            foreach (var (feature, reason) in _capabilities.Missing)
            {
                Log.FeatureSkipped(_logger, feature.Name(), reason);
            }
            Status = RuntimeStatus.Ready("standard isolation without: " + _capabilities.DescribeMissing());
        }
        Log.Ready(_logger, _options.Level, _cgroups.Version.ToString());
    }

    public async Task<IRuntimeInstance> StartAsync(InstanceSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Program == HostProgram.Compiler)
        {
            // The compiler worker: the same sandbox, with the compiler's directory bound read-only beside the host's.
            var compiler = UsesNamespaces
                ? (IReadOnlyList<string>)[SandboxPaths.Dotnet, SandboxPaths.CompilerAssembly, "--connect", InstanceSpec.SandboxSocketPath]
                : [_options.Host.DotnetExecutable, _options.Host.CompilerAssembly, "--connect", spec.HostSocketPath];
            IReadOnlyList<(string, string)> binds = UsesNamespaces ? [(_options.Host.CompilerPath, SandboxPaths.CompilerDirectory)] : [];
            return await StartCommandAsync(spec, compiler, binds, cancellationToken).ConfigureAwait(false);
        }

        var command = UsesNamespaces
            ? (IReadOnlyList<string>)[SandboxPaths.Dotnet, SandboxPaths.HostAssembly, "--connect", InstanceSpec.SandboxSocketPath]
            : [_options.Host.DotnetExecutable, .. _options.Host.HostArguments(_options.Host.HostAssembly, spec.HostSocketPath)];
        return await StartCommandAsync(spec, command, [], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether commands run inside bubblewrap (paths in commands are then sandbox paths).</summary>
    internal bool UsesNamespaces => _options.Level != IsolationLevel.None && _capabilities?.Has(SandboxFeature.Namespaces) == true;

    /// <summary>Starts <paramref name="command"/> in the instance's sandbox (the host in production; probes in tests).</summary>
    internal async Task<ProcessInstance> StartCommandAsync(
        InstanceSpec spec, IReadOnlyList<string> command, IReadOnlyList<(string Source, string Destination)> extraReadOnlyBinds,
        CancellationToken cancellationToken)
    {
        Validate(spec);
        if (!Status.Available)
        {
            throw new InstanceStartException(Status.Message);
        }
        if (spec.Image is not null)
        {
            throw new InstanceStartException($"function '{spec.FunctionName}' is an image; images run in container mode only");
        }
        cancellationToken.ThrowIfCancellationRequested();
        var settings = SettingsFor(_options.Level, _capabilities, _seccompFile);
        if (spec.SecretsDirectory is { } secrets)
        {
            if (settings is not { UseNamespaces: true })
            {
                throw new InstanceStartException($"function '{spec.FunctionName}' reads secrets, which are mounted at {InstanceSpec.SandboxSecretsDirectory} "
                    + "inside the sandbox: that needs mount namespaces (process_isolation_level strict or standard with bubblewrap)");
            }
            extraReadOnlyBinds = [.. extraReadOnlyBinds, (secrets, InstanceSpec.SandboxSecretsDirectory)];
        }
        if (spec.ObjectsDirectory is { } objects)
        {
            if (settings is not { UseNamespaces: true })
            {
                throw new InstanceStartException($"function '{spec.FunctionName}' has objects, which are mounted at {InstanceSpec.SandboxObjectsDirectory} "
                    + "inside the sandbox: that needs mount namespaces (process_isolation_level strict or standard with bubblewrap)");
            }
            extraReadOnlyBinds = [.. extraReadOnlyBinds, (objects, InstanceSpec.SandboxObjectsDirectory)];
        }

        var user = settings is { UsePrivilegeDrop: true } ? await AcquireUserAsync().ConfigureAwait(false) : null;
        string? pidFile = null;
        InstanceCgroup? cgroup = null;
        System.Diagnostics.Process? process = null;
        try
        {
            // The pid file is written (without a pid yet) before anything exists on the machine, so a crash at
            // any later point leaves a record that the next start's CleanupOrphansAsync follows.
            pidFile = WritePidFile(spec.InstanceId, pid: null);
            var controllers = CgroupControllerNames.All.Where(c => settings is not null && _capabilities!.Has(SystemProbe.ToFeature(c))).ToArray();
            if (controllers.Length > 0 && _cgroups is not null)
            {
                cgroup = await _cgroups.CreateAsync(spec.InstanceId, spec.Limits, controllers).ConfigureAwait(false);
            }
            if (user is not null)
            {
                SandboxGrants.SocketDirectory(spec.SocketDirectory, user.UserId);
                if (spec.SecretsDirectory is { } directory)
                {
                    SandboxGrants.Secrets(directory, user.UserId);
                }
                if (spec.ObjectsDirectory is { } objectsDirectory)
                {
                    SandboxGrants.Secrets(objectsDirectory, user.UserId);
                }
            }
            var plan = Plan(spec, command, settings, cgroup?.ProcsFiles.ToArray() ?? [], extraReadOnlyBinds, user?.UserId);
            process = new System.Diagnostics.Process { StartInfo = ChildProcess.StartInfo(plan.FileName, plan.Arguments, plan.Environment) };
            // Forked from the platform's spawn thread, never from this (thread-pool) thread: see SpawnThread.
            await SpawnThread.StartAsync(process).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InstanceStartException or IOException or UnauthorizedAccessException
            or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            process?.Dispose();
            if (cgroup is not null)
            {
                await cgroup.RemoveAsync(CancellationToken.None).ConfigureAwait(false);
            }
            if (pidFile is not null)
            {
                File.Delete(pidFile);
            }
            user?.Dispose(); // nothing ever ran as it
            if (e is InstanceStartException)
            {
                throw;
            }
            throw new InstanceStartException($"cannot start the host for '{spec.FunctionName}': {e.Message}", e);
        }

        WritePidFile(spec.InstanceId, process.Id);
        var instance = new ProcessInstance(process, spec, cgroup, pidFile, user, _logger, _time, i => _instances.TryRemove(i, out _));
        _instances[instance] = 0;
        instance.Start();
        Log.Started(_logger, spec.InstanceId, spec.FunctionName, process.Id);
        return instance;
    }

    /// <summary>
    /// Kills and removes what a previous run of this platform left: for every pid file in this runtime's state
    /// directory, the process (if it is still the one recorded) and the instance's cgroups. Only this
    /// platform's instances are touched: the <c>faas</c> parent group is shared by every platform on the machine.
    /// </summary>
    public async Task CleanupOrphansAsync(CancellationToken cancellationToken)
    {
        var removed = 0;
        var live = _instances.Keys.Select(i => i.InstanceId).ToHashSet(StringComparer.Ordinal);
        if (!Directory.Exists(InstancesDirectory))
        {
            return;
        }
        var cgroups = _cgroups ?? CgroupHierarchy.Open(_options.CgroupMountPoint, _options.CgroupParentName, File.ReadAllText("/proc/self/cgroup"));
        foreach (var file in Directory.GetFiles(InstancesDirectory, "*.pid"))
        {
            var instanceId = Path.GetFileNameWithoutExtension(file);
            if (live.Contains(instanceId))
            {
                continue;
            }
            PidFile.KillIfSameProcess(file);
            if (InstanceIdPattern().IsMatch(instanceId))
            {
                await cgroups.RemoveChildAsync(instanceId, cancellationToken).ConfigureAwait(false);
            }
            File.Delete(file);
            removed++;
        }
        if (removed > 0)
        {
            Log.OrphansRemoved(_logger, removed);
        }
    }

    public async Task<IReadOnlyList<FeatureCheck>> CheckSystemAsync(CancellationToken cancellationToken)
    {
        CreatePrivateDirectory(_options.StateDirectory);
        var seccompFile = _seccompFile ?? WriteSeccompProgram();
        var (capabilities, cgroups) = await SystemProbe.RunAsync(_options, seccompFile, cancellationToken).ConfigureAwait(false);
        var checks = new List<FeatureCheck>
        {
            new("cgroup version", cgroups.Version != CgroupVersion.None, cgroups.Version switch
            {
                CgroupVersion.V1 => "v1 (one hierarchy per controller)",
                CgroupVersion.V2 => "v2 (unified)",
                _ => "none found at " + _options.CgroupMountPoint,
            }),
        };
        checks.AddRange(capabilities.ToChecks());
        return checks;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances.Keys.ToArray())
        {
            await instance.DisposeAsync().ConfigureAwait(false);
        }

        _cgroups?.RemoveEmptyParents();
    }

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        else
        {
            Directory.CreateDirectory(path);
        }
    }

    private string? WriteSeccompProgram()
    {
        if (!SeccompFilter.IsSupported(System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture))
        {
            return null;
        }
        var path = Path.Combine(_options.StateDirectory, "seccomp-x86_64.bpf");
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, BpfInstruction.Serialize(SeccompFilter.BuildX64()));
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    /// <summary>Writes <c>{state}/instances/{id}.pid</c>; without a pid yet ("0 0") it only records that the instance exists.</summary>
    private string WritePidFile(string instanceId, int? pid)
    {
        var path = Path.Combine(InstancesDirectory, instanceId + ".pid");
        File.WriteAllText(path, pid is { } id ? PidFile.Format(id) : "0 0\n");
        return path;
    }

    /// <summary>
    /// What to start for <paramref name="command"/>, with its whole environment. Only the platform's values go
    /// in: <paramref name="spec"/>'s environment is deliberately never read here (it reaches the host in the
    /// <c>LoadRequest</c>), so nothing a deployer writes lands on a command line or in a privileged exec.
    /// </summary>
    /// <param name="settings">The sandbox parts to use; null for isolation level <c>none</c> (a plain child process).</param>
    internal LaunchPlan Plan(
        InstanceSpec spec, IReadOnlyList<string> command, SandboxSettings? settings, IReadOnlyList<string> procsFiles,
        IReadOnlyList<(string Source, string Destination)> readOnlyBinds, int? userId)
    {
        var dotnetRoot = settings is { UseNamespaces: true } ? SandboxPaths.DotnetRoot : _options.Host.DotnetRoot;
        var variables = SandboxEnvironment.Runtime(spec.Limits, dotnetRoot, _options.GcHeapFraction);
        return settings is null
            ? new LaunchPlan(command[0], command.Skip(1).ToArray(), variables)
            : SandboxCommand.Build(_options, settings, new SandboxRequest(command, spec.SocketDirectory, spec.Limits, procsFiles, readOnlyBinds, userId, variables));
    }

    /// <summary>The sandbox parts a launch uses; null when there is no sandbox (isolation level <c>none</c>).</summary>
    internal static SandboxSettings? SettingsFor(IsolationLevel level, SandboxCapabilities? capabilities, string? seccompFile)
    {
        if (level == IsolationLevel.None || capabilities is null)
        {
            return null;
        }
        return new SandboxSettings(
            UseNamespaces: capabilities.Has(SandboxFeature.Namespaces),
            UsePrivilegeDrop: capabilities.Has(SandboxFeature.PrivilegeDrop) && SystemProbe.IsRoot,
            UseRlimits: capabilities.Has(SandboxFeature.Rlimits),
            SeccompFile: capabilities.Has(SandboxFeature.Seccomp) ? seccompFile : null,
            UseTmpfsSize: capabilities.Has(SandboxFeature.TmpfsSize));
    }

    /// <summary>
    /// Leases the instance's own uid. Whatever still runs as it (an orphan of a crashed platform that held
    /// it) is killed first: a free uid never comes with processes that could reach the new instance's files.
    /// </summary>
    private async Task<SandboxUserLease> AcquireUserAsync()
    {
        SandboxUserLease lease;
        try
        {
            lease = _options.SandboxUsers.Acquire();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InstanceStartException($"cannot lease a sandbox uid: {e.Message}", e);
        }
        if (!lease.Fresh && !await UserProcesses.KillAllAsync(lease.UserId, UserReleaseTimeout, _time).ConfigureAwait(false))
        {
            await UserProcesses.ReleaseAsync(lease, TimeSpan.Zero, _time).ConfigureAwait(false);
            throw new InstanceStartException($"processes left running as sandbox uid {lease.UserId} survive SIGKILL");
        }
        return lease;
    }

    private static void Validate(InstanceSpec spec)
    {
        if (!InstanceIdPattern().IsMatch(spec.InstanceId))
        {
            throw new InstanceStartException($"invalid instance id '{spec.InstanceId}': use 1-128 letters, digits, '-', '_' or '.'");
        }
        var limits = spec.Limits;
        if (limits.MemoryBytes <= 0 || limits.CpuMillicores <= 0 || limits.MaxPids <= 0 || limits.TmpBytes <= 0 || limits.MaxOpenFiles <= 0)
        {
            throw new InstanceStartException($"invalid resource limits for '{spec.FunctionName}': every limit must be positive ({limits})");
        }
        if (!Directory.Exists(spec.SocketDirectory))
        {
            throw new InstanceStartException($"socket directory {spec.SocketDirectory} does not exist");
        }
    }

    [GeneratedRegex("^(?!\\.{1,2}$)[A-Za-z0-9_.-]{1,128}$")]
    private static partial Regex InstanceIdPattern();
}
