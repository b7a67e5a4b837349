namespace Faas.Orchestrator.Instances;

/// <summary>One start's right to run (from <see cref="StartSlots"/>); disposing it lets the next start go.</summary>
internal sealed class StartSlot(StartSlots owner, StartPriority priority) : IDisposable
{
    private int _released;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            owner.Release(priority);
        }
    }
}
