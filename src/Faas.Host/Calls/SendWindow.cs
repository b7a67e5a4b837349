namespace Faas.Host.Calls;

/// <summary>
/// The response body bytes a call may still send: the window the orchestrator advertised, refilled by its
/// <c>Credit</c> frames as the caller takes the body. A sender waits here when it has used the window up.
/// </summary>
internal sealed class SendWindow(int initial)
{
    private readonly Lock _lock = new();
    private long _available = initial;
    private TaskCompletionSource? _waiter;

    public void Grant(int bytes)
    {
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            _available = Math.Min(_available + bytes, int.MaxValue);
            waiter = _waiter;
            _waiter = null;
        }

        waiter?.TrySetResult();
    }

    /// <summary>Takes between 1 and <paramref name="wanted"/> bytes of window, waiting until some is free.</summary>
    public async ValueTask<int> TakeAsync(int wanted, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_available > 0)
                {
                    var taken = (int)Math.Min(wanted, _available);
                    _available -= taken;
                    return taken;
                }

                _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _waiter.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
