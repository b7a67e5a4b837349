using Faas.Orchestrator.Runtime;

namespace Faas.Orchestrator.Tests.Instances;

/// <summary>A runtime whose starts block until <see cref="Open"/>, counting how many run at once; each "host" then exits at once.</summary>
internal sealed class GatedRuntime : IFunctionRuntime
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private int _active;

    public int Entered { get; private set; }

    public int MostAtOnce { get; private set; }

    public int Active
    {
        get
        {
            lock (_gate)
            {
                return _active;
            }
        }
    }

    public ExecutionMode Mode => ExecutionMode.Process;

    public bool SupportsStemCells => true;

    public RuntimeStatus Status => RuntimeStatus.Ready();

    public void Open() => _open.TrySetResult();

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<IRuntimeInstance> StartAsync(InstanceSpec spec, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Entered++;
            _active++;
            MostAtOnce = Math.Max(MostAtOnce, _active);
        }

        try
        {
            await _open.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                _active--;
            }
        }

        return new ExitedInstance();
    }

    public Task CleanupOrphansAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<FeatureCheck>> CheckSystemAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<FeatureCheck>>([]);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class ExitedInstance : IRuntimeInstance
    {
        public string RuntimeId => "exited";

        public int? Pid => null;

        public Task<InstanceExit> Exited { get; } = Task.FromResult(new InstanceExit(1, false, "exited at once"));

        public ValueTask KillAsync() => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
