using Faas.Orchestrator.Runtime;

namespace Faas.Tests.Common;

/// <summary>An <see cref="InProcessRuntime"/> instance: exits when its host's loop ends or when killed.</summary>
public sealed class InProcessInstance : IRuntimeInstance
{
    private readonly InProcessHost _host;
    private readonly TaskCompletionSource<InstanceExit> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal InProcessInstance(string id, InProcessHost host, HostProgram program = HostProgram.Host)
    {
        Program = program;
        RuntimeId = "inproc-" + id;
        _host = host;
        _ = host.Serving.ContinueWith(_ => _exited.TrySetResult(new InstanceExit(0, false, "the host's loop ended")), TaskScheduler.Default);
    }

    public string RuntimeId { get; }

    /// <summary>What this instance runs: a function host or a compiler worker.</summary>
    public HostProgram Program { get; }

    public int? Pid => Environment.ProcessId;

    public Task<InstanceExit> Exited => _exited.Task;

    public bool Killed { get; private set; }

    /// <summary>The host dies (as a crashed process would): the connection closes, the instance exits.</summary>
    public void Crash(string reason = "crashed (test)")
    {
        _exited.TrySetResult(new InstanceExit(139, false, reason));
        _host.Crash();
    }

    /// <summary>A stem cell's specialization: in process there is nothing to limit.</summary>
    public ValueTask<bool> TryApplyLimitsAsync(ResourceLimits limits, CancellationToken cancellationToken) => ValueTask.FromResult(true);

    public ValueTask KillAsync()
    {
        Killed = true;
        _exited.TrySetResult(new InstanceExit(null, false, "killed by the platform"));
        _host.Crash();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        await _host.DisposeAsync();
    }
}
