namespace Faas.Orchestrator.Compilation;

/// <summary>
/// Bounds how many compilations run at once and turns one that outlives <c>compile_timeout</c> into FAAS002. The
/// compiler applies the time limit itself (it counts from when a warm compiler worker starts on the source, not
/// while a worker boots) and stops a compilation that outlives it — the worker process is killed — before it
/// answers, so a slot is held exactly as long as a compilation really runs. A deploy that finds every slot busy for
/// the whole timeout gets <see cref="CompileAttempt.Busy"/>.
/// </summary>
internal sealed class CompileGate(Func<string, string, TimeSpan, CancellationToken, Task<CompileResult?>> compile, int slots, TimeSpan timeout, TimeProvider time)
{
    private readonly SemaphoreSlim _slots = new(slots, slots);

    /// <summary>Compilations currently holding a slot.</summary>
    public int Running => slots - _slots.CurrentCount;

    /// <summary>The result, or <see cref="CompileAttempt.Busy"/> when no slot freed up within the timeout.</summary>
    public async Task<CompileAttempt> CompileAsync(string code, string handler, CancellationToken cancellationToken)
    {
        using (var wait = new CancellationTokenSource(timeout, time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(wait.Token, cancellationToken))
        {
            try
            {
                await _slots.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (wait.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return CompileAttempt.Busy;
            }
        }

        Task<CompileResult?> compilation;
        try
        {
            compilation = compile(code, handler, timeout, cancellationToken);
        }
        catch
        {
            _slots.Release();
            throw;
        }

        // The slot comes back when the compilation has ended (a synchronously completed one included).
        _ = compilation.ContinueWith(static (_, slots) => ((SemaphoreSlim)slots!).Release(), _slots,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var result = await compilation.ConfigureAwait(false);
        return new CompileAttempt(result ?? CompileResult.Failed(new CompileDiagnostic("FAAS002",
            $"compilation took longer than the limit of {timeout.TotalSeconds:0.#} s and was stopped", 1, 1)));
    }
}

/// <summary>A compilation's result, or no result because every compile slot stayed busy.</summary>
internal readonly record struct CompileAttempt(CompileResult? Result)
{
    public static CompileAttempt Busy => default;
}
