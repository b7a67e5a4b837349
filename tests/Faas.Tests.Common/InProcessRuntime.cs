using System.Collections.Concurrent;
using Faas.Orchestrator.Runtime;

namespace Faas.Tests.Common;

/// <summary>
/// A runtime whose instances are <see cref="InProcessHost"/>s: each start connects a host server in the test
/// process to the socket the orchestrator listens on. For tests whose point is not the sandbox (HTTP behaviour,
/// the invocation path); the real runtimes have their own suites.
/// </summary>
public sealed class InProcessRuntime(ExecutionMode mode = ExecutionMode.Process) : IFunctionRuntime
{
    private readonly ConcurrentDictionary<string, InProcessInstance> _instances = new();

    public ExecutionMode Mode => mode;

    /// <summary>Whether the platform may keep stem cells of this runtime (its instances accept any limits).</summary>
    public bool SupportsStemCells { get; init; }

    public RuntimeStatus Status { get; set; } = RuntimeStatus.Ready("in-process hosts (tests)");

    /// <summary>Instances started so far (running or not), compiler workers included.</summary>
    public int Started => _instances.Count;

    /// <summary>Function hosts started so far (stem cells included, compiler workers not).</summary>
    public int HostsStarted => _instances.Values.Count(i => i.Program == HostProgram.Host);

    /// <summary>When set, a start fails with this message.</summary>
    public string? FailStarts { get; set; }

    public IReadOnlyCollection<InProcessInstance> Instances => _instances.Values.ToList();

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<IRuntimeInstance> StartAsync(InstanceSpec spec, CancellationToken cancellationToken)
    {
        if (FailStarts is { } failure)
        {
            throw new InstanceStartException(failure);
        }

        var host = await InProcessHost.ConnectAsync(spec.HostSocketPath, cancellationToken, spec.Program);
        var instance = new InProcessInstance(spec.InstanceId, host, spec.Program);
        _instances[spec.InstanceId] = instance;
        return instance;
    }

    public Task CleanupOrphansAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<FeatureCheck>> CheckSystemAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<FeatureCheck>>([new FeatureCheck($"{mode} mode (in-process)", true, "tests")]);

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances.Values)
        {
            await instance.DisposeAsync();
        }
    }
}
