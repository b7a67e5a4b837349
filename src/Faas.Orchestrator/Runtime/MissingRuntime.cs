namespace Faas.Orchestrator.Runtime;

/// <summary>Stands in for a mode whose runtime was not registered: always unavailable.</summary>
internal sealed class MissingRuntime(ExecutionMode mode) : IFunctionRuntime
{
    public ExecutionMode Mode => mode;

    public RuntimeStatus Status => RuntimeStatus.Unavailable($"{mode.ToString().ToLowerInvariant()} mode is not available in this build of the platform");

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IRuntimeInstance> StartAsync(InstanceSpec spec, CancellationToken cancellationToken) =>
        throw new RuntimeUnavailableException(Status.Message);

    public Task CleanupOrphansAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<FeatureCheck>> CheckSystemAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<FeatureCheck>>([new FeatureCheck($"{mode} mode", false, Status.Message)]);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
