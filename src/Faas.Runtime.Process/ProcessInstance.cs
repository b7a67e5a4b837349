using System.Diagnostics;
using Faas.Orchestrator.Runtime;
using Faas.Runtime.Process.Cgroups;
using Faas.Runtime.Process.Output;
using Faas.Runtime.Process.Sandbox;
using Microsoft.Extensions.Logging;

namespace Faas.Runtime.Process;

/// <summary>
/// One started host. A monitor task waits for the process (and the end of its output), reads the OOM
/// counter of its cgroup, kills whatever is left in the group and whatever still runs as the instance's
/// uid, removes the group and the pid file, gives the uid back to the pool, and only then completes
/// <see cref="Exited"/>: once it has completed, nothing of the instance remains.
/// </summary>
internal sealed class ProcessInstance : IRuntimeInstance
{
    private static readonly TimeSpan DisposeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long, once the host exited, its output may take to reach its end.</summary>
    private static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(5);

    private readonly System.Diagnostics.Process _process;
    private readonly InstanceSpec _spec;
    private readonly InstanceCgroup? _cgroup;
    private readonly string? _pidFile;
    private readonly SandboxUserLease? _user;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Action<ProcessInstance> _onExit;
    private readonly TaskCompletionSource<InstanceExit> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _output = Task.CompletedTask;
    private int _killed;
    private int _disposed;

    public ProcessInstance(
        System.Diagnostics.Process process, InstanceSpec spec, InstanceCgroup? cgroup, string? pidFile, SandboxUserLease? user,
        ILogger logger, TimeProvider time, Action<ProcessInstance> onExit)
    {
        _user = user;
        _process = process;
        _spec = spec;
        _cgroup = cgroup;
        _pidFile = pidFile;
        _logger = logger;
        _time = time;
        _onExit = onExit;
        Pid = process.Id;
        RuntimeId = process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public string RuntimeId { get; }

    public int? Pid { get; }

    public string InstanceId => _spec.InstanceId;

    public InstanceCgroup? Cgroup => _cgroup;

    /// <summary>The host uid the instance runs as (null when the platform does not drop privileges).</summary>
    public int? UserId => _user?.UserId;

    public Task<InstanceExit> Exited => _exited.Task;

    /// <summary>Starts forwarding output and supervising; called once, right after the process started.</summary>
    public void Start()
    {
        // Bounded line readers, not BeginOutputReadLine: a handler writing without newlines must not grow a line in the gateway.
        _output = Task.WhenAll(
            Task.Run(() => OutputLines.PumpAsync(_process.StandardOutput.BaseStream, line => Forward(LogStream.Stdout, line))),
            Task.Run(() => OutputLines.PumpAsync(_process.StandardError.BaseStream, line => Forward(LogStream.Stderr, line))));
        _process.StandardInput.Close();
        _ = Task.Run(MonitorAsync);
    }

    public async ValueTask KillAsync()
    {
        Interlocked.Exchange(ref _killed, 1);
        if (_exited.Task.IsCompleted)
        {
            return;
        }
        if (_cgroup is not null)
        {
            await _cgroup.KillAllAsync().ConfigureAwait(false);
        }
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already exited.
        }
        if (_user is not null)
        {
            // Without a cgroup (standard isolation), a process that left the tree still runs as the instance's uid.
            UserProcesses.KillAll(_user.UserId);
        }
    }

    public ValueTask<bool> TryApplyLimitsAsync(ResourceLimits limits, CancellationToken cancellationToken)
    {
        if (_exited.Task.IsCompleted)
        {
            return ValueTask.FromResult(false);
        }

        try
        {
            // Without a cgroup (isolation none, or standard without cgroups) nothing was enforced at start either.
            _cgroup?.Apply(limits);
            return ValueTask.FromResult(true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ValueTask.FromResult(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await KillAsync().ConfigureAwait(false);
        try
        {
            await _exited.Task.WaitAsync(DisposeTimeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The monitor is stuck (should not happen after SIGKILL); do not hang the caller.
        }
        _process.Dispose();
    }

    private async Task MonitorAsync()
    {
        int? exitCode = null;
        try
        {
            await _process.WaitForExitAsync().ConfigureAwait(false);
            exitCode = _process.ExitCode;
            await _output.WaitAsync(OutputDrainTimeout, _time).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Could not observe the exit code.
        }
        catch (TimeoutException)
        {
            // Something that outlived the host still holds its output open; the cgroup kill below ends it.
        }

        var outOfMemory = false;
        try
        {
            if (_cgroup is not null)
            {
                outOfMemory = _cgroup.WasOutOfMemoryKilled();
                if (!await _cgroup.RemoveAsync().ConfigureAwait(false))
                {
                    Log.CgroupNotRemoved(_logger, _spec.InstanceId);
                }
            }
            if (_pidFile is not null)
            {
                File.Delete(_pidFile);
            }
        }
        catch (Exception e)
        {
            Log.CleanupFailed(_logger, e, _spec.InstanceId);
        }
        if (_user is not null && !await UserProcesses.ReleaseAsync(_user, ProcessRuntime.UserReleaseTimeout, _time).ConfigureAwait(false))
        {
            Log.UserWithheld(_logger, _spec.InstanceId, _user.UserId);
        }

        var exit = new InstanceExit(exitCode, outOfMemory, Describe(exitCode, outOfMemory, Volatile.Read(ref _killed) != 0, _spec.Limits.MemoryBytes));
        Log.Exited(_logger, _spec.InstanceId, exit.Reason);
        _onExit(this);
        _exited.TrySetResult(exit);
    }

    internal static string Describe(int? exitCode, bool outOfMemory, bool killed, long memoryBytes)
    {
        if (outOfMemory)
        {
            return $"out of memory: killed for exceeding its memory limit of {memoryBytes} bytes";
        }
        if (killed)
        {
            return "killed by the platform";
        }
        return exitCode switch
        {
            null => "exited (exit code unknown)",
            0 => "exited normally",
            > 128 and < 160 => $"killed by signal {exitCode - 128}",
            _ => $"exited with code {exitCode}",
        };
    }

    private void Forward(LogStream stream, string line)
    {
        try
        {
            _spec.Logs.Write(_spec.InstanceId, stream, line);
        }
        catch (Exception exception)
        {
            Log.LogSinkFailed(_logger, exception, _spec.InstanceId);
        }
    }
}
