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
    private const int Readers = 2;

    // One per thread, set without spinning first (a spinning standby takes a core from the gateway under load). Only its
    // own thread waits on it and resets it, before saying it stands by again: a set is never lost nor seen twice.
    private readonly ManualResetEventSlim[] _turns = [new(false, spinCount: 0), new(false, spinCount: 0)];
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ManualResetEventSlim? _standing;

    /// <summary>Whether a thread stands by for the turn now.</summary>
    internal bool HasStandby => Volatile.Read(ref _standing) is not null;

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
        for (var i = 0; i < Readers; i++)
        {
            var turn = _turns[i];
            var holdsTurn = i == 0;
            new Thread(() => Serve(read, run, turn, holdsTurn)) { IsBackground = true, Name = "faas-reader" }.Start();
        }
    }

    /// <summary>Gives the turn to the thread standing by, if one does: true when the caller no longer holds it.</summary>
    public bool TryHandOff()
    {
        if (Interlocked.Exchange(ref _standing, null) is not { } standing)
        {
            return false;
        }

        standing.Set();
        return true;
    }

    private void Serve(Func<T?> read, Action<T> run, ManualResetEventSlim turn, bool holdsTurn)
    {
        try
        {
            for (var mine = holdsTurn || WaitForTurn(turn); mine; mine = WaitForTurn(turn))
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
    private bool WaitForTurn(ManualResetEventSlim turn)
    {
        Volatile.Write(ref _standing, turn);
        turn.Wait();
        turn.Reset();
        return !_ended.Task.IsCompleted;
    }

    private void End(Func<bool> complete)
    {
        complete();
        foreach (var turn in _turns)
        {
            turn.Set();
        }
    }
}
