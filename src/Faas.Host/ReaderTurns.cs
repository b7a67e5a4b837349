namespace Faas.Host;

/// <summary>
/// Two threads of the host's own take turns at reading its connection: one holds the turn, the other stands by. The
/// holder reads until a frame gives it work it can run itself, and hands the turn on first if the other thread stands
/// by (<see cref="TryHandOff"/>); otherwise the work goes elsewhere and it reads on. A thread that ran its work stands
/// by again. So the work starts on the thread that is already awake, and the waking of the other overlaps it. Exactly
/// one thread holds the turn until the connection ends: a thread stands by only after handing its turn to the one that
/// stood by.
/// </summary>
/// <typeparam name="T">The work a frame gives (a call ready to start).</typeparam>
internal sealed class ReaderTurns<T>
    where T : class
{
    private readonly SemaphoreSlim _turn = new(0);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _standing;

    /// <summary>Whether a thread stands by for the turn now.</summary>
    internal bool HasStandby => Volatile.Read(ref _standing) == 1;

    /// <summary>Completes when a reader found the connection's end, or faults with what a reader thread threw.</summary>
    public Task Ended => _ended.Task;

    /// <summary>Starts both threads, the first holding the turn.</summary>
    /// <param name="read">
    /// Reads while the calling thread holds the turn: returns work it handed the turn on for (see <see cref="TryHandOff"/>),
    /// or null when the connection ended.
    /// </param>
    /// <param name="run">Runs that work on the calling thread, which stands by once it returns.</param>
    public void Start(Func<T?> read, Action<T> run)
    {
        Begin(read, run, holdsTurn: true);
        Begin(read, run, holdsTurn: false);
    }

    /// <summary>Gives the turn to the thread standing by, if one does: true when the caller no longer holds it.</summary>
    public bool TryHandOff()
    {
        if (Interlocked.Exchange(ref _standing, 0) != 1)
        {
            return false;
        }

        _turn.Release();
        return true;
    }

    private void Begin(Func<T?> read, Action<T> run, bool holdsTurn) =>
        new Thread(() => Serve(read, run, holdsTurn)) { IsBackground = true, Name = "faas-reader" }.Start();

    private void Serve(Func<T?> read, Action<T> run, bool holdsTurn)
    {
        try
        {
            for (var turn = holdsTurn || WaitForTurn(); turn; turn = WaitForTurn())
            {
                if (read() is not { } work)
                {
                    End(_ended.TrySetResult);
                    return;
                }

                run(work);
            }
        }
        catch (Exception ex)
        {
            End(() => _ended.TrySetException(ex));
        }
    }

    /// <summary>Stands by until handed the turn: false when the connection ended meanwhile.</summary>
    private bool WaitForTurn()
    {
        Volatile.Write(ref _standing, 1);
        _turn.Wait();
        if (!_ended.Task.IsCompleted)
        {
            return true;
        }

        _turn.Release(); // the other thread may stand by too
        return false;
    }

    private void End(Func<bool> complete)
    {
        complete();
        _turn.Release();
    }
}
