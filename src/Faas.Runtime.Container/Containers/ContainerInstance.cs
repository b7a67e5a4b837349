using Docker.DotNet.Models;
using Faas.Orchestrator.Runtime;
using Faas.Runtime.Container.Docker;
using Microsoft.Extensions.Logging;

namespace Faas.Runtime.Container.Containers;

/// <summary>
/// A started container: pumps its stdout/stderr into the instance's log sink and watches for its end
/// (<c>wait</c>, then <c>inspect</c> for <c>OOMKilled</c>). Holds the instance's uid lease and, for an image
/// function, its network namespace handle. Disposal kills and removes it, then frees the uid — only once
/// the engine removed the container: a uid whose container may still run is never handed out again.
/// </summary>
internal sealed class ContainerInstance : IRuntimeInstance
{
    private const int StderrTail = 20;

    private readonly DockerClient _docker;
    private readonly InstanceSpec _spec;
    private readonly SandboxUserLease _lease;
    private readonly ILogger _logger;
    private readonly Action<ContainerInstance, SandboxUserLease?> _onDisposed;
    private readonly CancellationTokenSource _stop = new();
    private readonly Queue<string> _stderrTail = new();
    private Task _logs = Task.CompletedTask;
    private Task<InstanceExit>? _exited;
    private int _killed;
    private int _disposed;

    /// <param name="onDisposed">Called once removed; with the lease when the removal failed (the caller keeps the uid held).</param>
    public ContainerInstance(
        DockerClient docker, string containerId, InstanceSpec spec, SandboxUserLease lease, NetworkNamespaceHandle? networkNamespace,
        ILogger logger, Action<ContainerInstance, SandboxUserLease?> onDisposed)
    {
        _docker = docker;
        RuntimeId = containerId;
        _spec = spec;
        _lease = lease;
        NetworkNamespace = networkNamespace;
        _logger = logger;
        _onDisposed = onDisposed;
    }

    public string RuntimeId { get; }

    /// <summary>The host uid (and gid) the container runs as.</summary>
    public int UserId => _lease.UserId;

    public NetworkNamespaceHandle? NetworkNamespace { get; }

    public int? Pid { get; private set; }

    public InstanceSpec Spec => _spec;

    public Task<InstanceExit> Exited => _exited ?? throw new InvalidOperationException("the container has not been started");

    /// <summary>Called once the container runs: starts the log pump and the exit watch.</summary>
    public void Begin(int? pid)
    {
        Pid = pid is > 0 ? pid : null;
        _logs = Task.Run(() => PumpLogsAsync(_stop.Token));
        _exited = Task.Run(() => WatchAsync(_stop.Token));
    }

    public async ValueTask KillAsync()
    {
        Interlocked.Exchange(ref _killed, 1);
        try
        {
            await _docker.KillContainerAsync(RuntimeId, "KILL", CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DockerApiException or DockerUnreachableException)
        {
            ContainerLog.RemoveFailed(_logger, RuntimeId, ex);
        }
    }

    public async ValueTask<bool> TryApplyLimitsAsync(ResourceLimits limits, CancellationToken cancellationToken)
    {
        if (_exited is not { IsCompleted: false })
        {
            return false;
        }

        try
        {
            await _docker.UpdateContainerAsync(RuntimeId, new ContainerUpdateParameters
            {
                Memory = limits.MemoryBytes,
                MemorySwap = limits.MemoryBytes,
                NanoCPUs = limits.CpuMillicores * 1_000_000L,
                PidsLimit = limits.MaxPids,
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is DockerApiException or DockerUnreachableException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Killed first and removed once its log stream ended (bounded): the stream of a stopped container ends by
        // itself after the last line it wrote; removed at once, lines still on their way were lost with it.
        await KillAsync().ConfigureAwait(false);
        await Task.WhenAny(_logs, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false);
        var removed = false;
        try
        {
            // False when it was already gone: removed either way.
            await _docker.RemoveContainerAsync(RuntimeId, CancellationToken.None).ConfigureAwait(false);
            removed = true;
        }
        catch (Exception ex) when (ex is DockerApiException or DockerUnreachableException)
        {
            ContainerLog.RemoveFailed(_logger, RuntimeId, ex);
        }

        if (_exited is not null)
        {
            await Task.WhenAny(_exited, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAny(_logs, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false);
        NetworkNamespace?.Dispose();
        if (removed)
        {
            _lease.Dispose();
        }

        _onDisposed(this, removed ? null : _lease);
    }

    private async Task PumpLogsAsync(CancellationToken cancellationToken)
    {
        Exception? error = null;
        try
        {
            using var stream = await _docker.FollowLogsAsync(RuntimeId, cancellationToken).ConfigureAwait(false);
            await LogLines.ReadAsync(stream, OnLine, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or DockerApiException or DockerUnreachableException or IOException or ObjectDisposedException)
        {
            error = ex;
        }

        ContainerLog.LogStreamEnded(_logger, RuntimeId, error);
    }

    private void OnLine(LogStream stream, string line)
    {
        if (stream == LogStream.Stderr)
        {
            lock (_stderrTail)
            {
                if (_stderrTail.Count == StderrTail)
                {
                    _stderrTail.Dequeue();
                }

                _stderrTail.Enqueue(line);
            }
        }

        try
        {
            _spec.Logs.Write(_spec.InstanceId, stream, line);
        }
#pragma warning disable CA1031 // a failing sink must not stop the pump
        catch
#pragma warning restore CA1031
        {
        }
    }

    private async Task<InstanceExit> WatchAsync(CancellationToken cancellationToken)
    {
        InstanceExit exit;
        try
        {
            var wait = await _docker.WaitContainerAsync(RuntimeId, cancellationToken).ConfigureAwait(false);
            var state = (await _docker.InspectContainerAsync(RuntimeId, cancellationToken).ConfigureAwait(false)).State;

            // Let the last lines arrive (a managed OutOfMemoryException shows only on stderr), briefly:
            // the orchestrator waits for this exit only a short while once the connection dropped.
            if (state?.OOMKilled != true && wait.StatusCode != 0)
            {
                await Task.WhenAny(_logs, Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken)).ConfigureAwait(false);
            }

            exit = ExitClassifier.Classify((int)wait.StatusCode, state, StderrSnapshot(), Volatile.Read(ref _killed) != 0, _spec.Limits.MemoryBytes);
        }
        catch (DockerApiException ex) when (ex.IsNotFound)
        {
            exit = new InstanceExit(null, false, "container was removed");
        }
        catch (OperationCanceledException)
        {
            exit = new InstanceExit(null, false, "container was removed");
        }
        catch (DockerApiException ex)
        {
            exit = new InstanceExit(null, false, "lost track of the container: " + ex.DockerMessage);
        }
        catch (DockerUnreachableException ex)
        {
            exit = new InstanceExit(null, false, "lost track of the container: " + ex.Message);
        }

        ContainerLog.ContainerExited(_logger, RuntimeId, _spec.InstanceId, exit.Reason);
        return exit;
    }

    private List<string> StderrSnapshot()
    {
        lock (_stderrTail)
        {
            return [.. _stderrTail];
        }
    }
}
