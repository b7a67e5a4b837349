using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Pools;
using Faas.Orchestrator.Runtime;

namespace Faas.Orchestrator.Tests.Pools;

internal sealed class FakeBackend : IInstanceBackend
{
    private readonly TaskCompletionSource<InstanceExit> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FakeBackend(string id) => RuntimeId = id;

    public string RuntimeId { get; }

    public int? Pid => 1;

    public Task<InstanceExit> Ended => _ended.Task;

    public bool Disposed { get; private set; }

    public void Die(string reason = "killed") => _ended.TrySetResult(new InstanceExit(137, false, reason));

    public Task<InvocationResult> InvokeAsync(FunctionRequest request, TimeSpan timeout, CancellationToken callerAborted) =>
        throw new NotSupportedException();

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        Die("stopped");
        return ValueTask.CompletedTask;
    }
}

/// <summary>Starts fake instances; each start can be held open or failed by the test.</summary>
internal sealed class FakeFactory(TimeProvider time) : IInstanceFactory
{
    private readonly Lock _gate = new();
    private int _next;

    public List<FunctionInstance> Started { get; } = [];

    public List<(long Version, bool OnDemand)> Requests { get; } = [];

    /// <summary>When set, starts wait for this task (so a test can hold a start open).</summary>
    public Task? Gate { get; set; }

    public Exception? Failure { get; set; }

    public async Task<FunctionInstance> StartAsync(long version, bool onDemand, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Requests.Add((version, onDemand));
        }

        if (Gate is { } gate)
        {
            await gate;
        }

        if (Failure is { } failure)
        {
            throw failure;
        }

        lock (_gate)
        {
            var id = $"i{++_next}";
            var instance = new FunctionInstance(id, "fn", version, ExecutionMode.Process, new FakeBackend(id), time.GetUtcNow())
            {
                StartedOnDemand = onDemand,
            };
            Started.Add(instance);
            return instance;
        }
    }

    public FakeBackend Backend(int index)
    {
        lock (_gate)
        {
            return (FakeBackend)Started[index].Backend;
        }
    }
}
