namespace Faas.Orchestrator.Compilation;

/// <summary>
/// Runs compilations with a deadline and a bound on how many run at once. At the deadline the deployer gets
/// FAAS002 and the compilation is cancelled; a compilation keeps its slot until it has really ended (the compiler
/// worker ends one by killing its process), so runaway compilations can never pile up beyond the bound.
/// </summary>
internal sealed class CompileGate(Func<string, string, CancellationToken, Task<CompileResult>> compile, int slots, TimeSpan timeout, TimeProvider time)
{
    private readonly SemaphoreSlim _slots = new(slots, slots);

    /// <summary>Compilations currently holding a slot, abandoned ones included.</summary>
    public int Running => slots - _slots.CurrentCount;

    /// <summary>The result, or <see cref="CompileAttempt.Busy"/> when no slot freed up before the deadline.</summary>
    public async Task<CompileAttempt> CompileAsync(string code, string handler, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        var token = linked.Token;
        try
        {
            await _slots.WaitAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return CompileAttempt.Busy;
        }

        Task<CompileResult> compilation;
        try
        {
            compilation = compile(code, handler, token);
        }
        catch
        {
            _slots.Release();
            throw;
        }

        // The slot comes back when the compilation ends, which may be after this call has answered. The sources
        // above are disposed only when this method returns: nothing below runs after that but this continuation.
        _ = compilation.ContinueWith(static (_, slots) => ((SemaphoreSlim)slots!).Release(), _slots,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            return new CompileAttempt(await compilation.WaitAsync(token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new CompileAttempt(CompileResult.Failed(new CompileDiagnostic("FAAS002",
                $"compilation took longer than the limit of {timeout.TotalSeconds:0.#} s and was stopped", 1, 1)));
        }
    }
}

/// <summary>A compilation's result, or no result because every compile slot stayed busy.</summary>
internal readonly record struct CompileAttempt(CompileResult? Result)
{
    public static CompileAttempt Busy => default;
}
