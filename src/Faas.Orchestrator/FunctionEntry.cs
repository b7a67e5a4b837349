using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Pools;
using Faas.Orchestrator.Registry;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Stats;

namespace Faas.Orchestrator;

/// <summary>A deployed function in memory: its current record and artifact, its pool and its stats.</summary>
internal sealed class FunctionEntry : IInstanceFactory
{
    private readonly InstanceLauncher _launcher;
    private readonly Func<ExecutionMode, IFunctionRuntime> _runtimes;
    private volatile Snapshot _current;

    public FunctionEntry(FunctionRecord record, byte[] artifact, InstanceLauncher launcher, Func<ExecutionMode, IFunctionRuntime> runtimes)
    {
        _current = new Snapshot(record, artifact);
        _launcher = launcher;
        _runtimes = runtimes;
    }

    public FunctionRecord Record => _current.Record;

    public FunctionPool Pool { get; set; } = null!;

    public FunctionStats Stats { get; } = new();

    public void Replace(FunctionRecord record, byte[] artifact) => _current = new Snapshot(record, artifact);

    public Task<FunctionInstance> StartAsync(long version, bool onDemand, CancellationToken cancellationToken)
    {
        var current = _current;
        if (current.Record.Version != version)
        {
            throw new InstanceStartException($"version {version} of '{current.Record.Name}' was replaced by version {current.Record.Version}");
        }

        var runtime = _runtimes(current.Record.Settings.ExecutionMode);
        if (!runtime.Status.Available)
        {
            throw new RuntimeUnavailableException(runtime.Status.Message);
        }

        return _launcher.LaunchAsync(runtime, current.Record, current.Artifact, onDemand, cancellationToken);
    }

    private sealed record Snapshot(FunctionRecord Record, byte[] Artifact);
}
