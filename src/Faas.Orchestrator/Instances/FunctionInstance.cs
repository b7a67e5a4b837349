using Faas.Orchestrator.Runtime;

namespace Faas.Orchestrator.Instances;

/// <summary>One running host serving one version of one function, with the pool's bookkeeping.</summary>
internal sealed class FunctionInstance
{
    private IDisposable? _quotaReservation;
    private long _invocations;
    private Action? _afterFirstAnswer;

    public FunctionInstance(string id, string function, long version, ExecutionMode mode, IInstanceBackend backend, DateTimeOffset startedAt)
    {
        Id = id;
        Function = function;
        Version = version;
        Mode = mode;
        Backend = backend;
        StartedAt = startedAt;
        LastUsedAt = startedAt;
    }

    public string Id { get; }

    public string Function { get; }

    public long Version { get; }

    public ExecutionMode Mode { get; }

    public IInstanceBackend Backend { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>Guarded by the owning pool's lock.</summary>
    public DateTimeOffset LastUsedAt { get; set; }

    /// <summary>Guarded by the owning pool's lock.</summary>
    public int InFlight { get; set; }

    /// <summary>Guarded by the owning pool's lock.</summary>
    public InstanceState State { get; set; } = InstanceState.Ready;

    /// <summary>True until the instance has been handed its first call.</summary>
    public bool Fresh { get; set; } = true;

    /// <summary>Started because a request was waiting (not to keep <c>min_instances</c> warm).</summary>
    public bool StartedOnDemand { get; init; }

    /// <summary>The per-instance directory the function's secrets were written to, removed once the instance is stopped.</summary>
    public string? SecretsDirectory { get; init; }

    /// <summary>The per-instance directory the function's objects were copied to, removed once the instance is stopped.</summary>
    public string? ObjectsDirectory { get; init; }

    public long Invocations => Interlocked.Read(ref _invocations);

    /// <summary>
    /// <paramref name="action"/> runs once, when the instance's first call has its answer (<see cref="FirstAnswered"/>).
    /// A stem cell's refill waits for it: a new sandbox forked beside that first call would take the CPU the call needs.
    /// </summary>
    public void AfterFirstAnswer(Action action) => Volatile.Write(ref _afterFirstAnswer, action);

    public void FirstAnswered() => Interlocked.Exchange(ref _afterFirstAnswer, null)?.Invoke();

    /// <summary>The namespace quota this instance holds (given back once it is stopped).</summary>
    public void Hold(IDisposable quotaReservation) => _quotaReservation = quotaReservation;

    public void CountInvocation() => Interlocked.Increment(ref _invocations);

    /// <summary>Stops the backend, then removes what the platform wrote for this instance (its secrets).</summary>
    public async ValueTask StopAsync()
    {
        try
        {
            await Backend.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            Secrets.SecretsMount.Delete(SecretsDirectory);
            Objects.ObjectsMount.Delete(ObjectsDirectory);
            Interlocked.Exchange(ref _quotaReservation, null)?.Dispose();
        }
    }
}
