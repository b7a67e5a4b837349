using Faas.Orchestrator.Runtime;
using Faas.Runtime.Container;

namespace Faas.Runtime.Container.Tests.Watchdog;

/// <summary>A runtime instance that runs nothing: reports a pid and a namespace handle, never exits by itself.</summary>
internal sealed class FakeRuntimeInstance(int pid, NetworkNamespaceHandle? networkNamespace) : IRuntimeInstance
{
    private readonly TaskCompletionSource<InstanceExit> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string RuntimeId => "fake-" + pid;

    public int? Pid => pid;

    public Task<InstanceExit> Exited => _exited.Task;

    public NetworkNamespaceHandle? NetworkNamespace => networkNamespace;

    public ValueTask KillAsync()
    {
        _exited.TrySetResult(new InstanceExit(null, false, "killed by the platform"));
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => KillAsync();
}
