namespace Faas.Orchestrator.Instances;

/// <summary>
/// Paces host boots to what the machine can run at once (by default twice its cores): a mass start
/// (<c>min_instances: 300</c>, a stem-cell refill, a burst) queues here instead of starting hundreds of
/// runtimes that then share two cores, each too slow to meet its start deadline. The shape of
/// <c>ConcurrencyLimiter</c>: a fast path under a lock, waiters as completion sources that resume on the
/// thread pool, a slot that gives its capacity back when disposed. No lock is held while a host starts.
/// A start for a waiting call (<see cref="StartPriority.Demand"/>) is granted before background starts
/// (minimum instances, stem cells), and background starts wait while any start for a call still runs: a
/// refill never takes the CPU a burst of cold starts needs. A start's deadline is counted from when it gets
/// its slot, not while it waits for one.
/// </summary>
internal sealed class StartSlots
{
    private readonly Lock _gate = new();
    private readonly LinkedList<TaskCompletionSource<StartSlot>> _demand = new();
    private readonly LinkedList<TaskCompletionSource<StartSlot>> _background = new();
    private int _free;
    private int _demandRunning;

    public StartSlots(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _free = capacity;
    }

    /// <summary>Twice the cores this process may use: a boot waits on disk and sockets part of its time.</summary>
    public static int DefaultCapacity => Math.Max(2, Environment.ProcessorCount * 2);

    public int Capacity { get; }

    /// <summary>Starts in progress (slots held).</summary>
    public int Running
    {
        get
        {
            lock (_gate)
            {
                return Capacity - _free;
            }
        }
    }

    /// <summary>Starts waiting for a slot.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _demand.Count + _background.Count;
            }
        }
    }

    public ValueTask<StartSlot> AcquireAsync(StartPriority priority, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TaskCompletionSource<StartSlot> waiter;
        LinkedListNode<TaskCompletionSource<StartSlot>> node;
        lock (_gate)
        {
            if (_free > 0 && _demand.Count == 0 && (priority == StartPriority.Demand || (_background.Count == 0 && _demandRunning == 0)))
            {
                return ValueTask.FromResult(TakeLocked(priority));
            }

            waiter = new TaskCompletionSource<StartSlot>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = (priority == StartPriority.Demand ? _demand : _background).AddLast(waiter);
        }

        return WaitAsync(waiter, node, cancellationToken);
    }

    private async ValueTask<StartSlot> WaitAsync(
        TaskCompletionSource<StartSlot> waiter, LinkedListNode<TaskCompletionSource<StartSlot>> node, CancellationToken cancellationToken)
    {
        using (cancellationToken.UnsafeRegister(_ => Cancel(waiter, node, cancellationToken), null))
        {
            return await waiter.Task.ConfigureAwait(false);
        }
    }

    private void Cancel(TaskCompletionSource<StartSlot> waiter, LinkedListNode<TaskCompletionSource<StartSlot>> node, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (node.List is null)
            {
                return; // granted meanwhile: the caller gets the slot and disposes it
            }

            node.List.Remove(node);
        }

        waiter.TrySetCanceled(cancellationToken);
    }

    internal void Release(StartPriority priority)
    {
        List<(TaskCompletionSource<StartSlot> Waiter, StartSlot Slot)>? granted = null;
        lock (_gate)
        {
            _free++;
            if (priority == StartPriority.Demand)
            {
                _demandRunning--;
            }

            // Freed slots go to waiters under the same lock, so no new start can overtake one: calls first, then
            // (once no start for a call runs) as many background starts as there are free slots.
            while (_free > 0)
            {
                var queue = _demand.Count > 0 ? _demand : _background.Count > 0 && _demandRunning == 0 ? _background : null;
                if (queue is null)
                {
                    break;
                }

                var waiter = queue.First!.Value;
                queue.RemoveFirst();
                (granted ??= []).Add((waiter, TakeLocked(queue == _demand ? StartPriority.Demand : StartPriority.Background)));
            }
        }

        foreach (var (waiter, slot) in granted ?? [])
        {
            if (!waiter.TrySetResult(slot))
            {
                slot.Dispose(); // cancelled in between: the capacity goes back
            }
        }
    }

    private StartSlot TakeLocked(StartPriority priority)
    {
        _free--;
        if (priority == StartPriority.Demand)
        {
            _demandRunning++;
        }

        return new StartSlot(this, priority);
    }
}
