using Faas.Orchestrator.Runtime;

namespace Faas.Orchestrator.Tests.Instances;

/// <summary>A runtime instance that runs nothing and exits only when told (or killed).</summary>
internal sealed class SilentRuntimeInstance : IRuntimeInstance
{
    private readonly TaskCompletionSource<InstanceExit> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string RuntimeId => "silent";

    public int? Pid => null;

    public Task<InstanceExit> Exited => _exited.Task;

    public bool Killed { get; private set; }

    public void Exit(string reason) => _exited.TrySetResult(new InstanceExit(1, false, reason));

    public ValueTask KillAsync()
    {
        Killed = true;
        Exit("killed");
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => KillAsync();
}
