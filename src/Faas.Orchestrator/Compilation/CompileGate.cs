namespace Faas.Orchestrator.Compilation;

/// <summary>
/// Runs compilations with a deadline and a bound on how many run at once. Roslyn does not check
/// its cancellation token everywhere (overload resolution of nested lambdas can run for minutes
/// without looking at it), so a compilation that overruns is abandoned: the deployer gets its answer
/// at the deadline, and the compilation keeps its slot until it really ends, so runaway
/// compilations can never pile up beyond the bound.
/// </summary>
internal sealed class CompileGate(Func<string, string, CancellationToken, CompileResult> compile, int slots, TimeSpan timeout, TimeProvider time)
{
    public CompileGate(HandlerCompiler compiler, int slots, TimeSpan timeout, TimeProvider time)
        : this((code, handler, token) => compiler.Compile(code, handler, token), slots, timeout, time)
    {
    }

    private readonly SemaphoreSlim _slots = new(slots, slots);

    /// <summary>Compilations currently holding a slot, abandoned ones included.</summary>
    public int Running => slots - _slots.CurrentCount;

    /// <summary>The result, or <see cref="CompileAttempt.Busy"/> when no slot freed up before the deadline.</summary>
    public async Task<CompileAttempt> CompileAsync(string code, string handler, CancellationToken cancellationToken)
    {
        var deadline = new CancellationTokenSource(timeout, time);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        var started = false;
        try
        {
            try
            {
                await _slots.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return CompileAttempt.Busy;
            }

            var compilation = Task.Run(() =>
            {
                try
                {
                    return compile(code, handler, linked.Token);
                }
                finally
                {
                    _slots.Release();
                    linked.Dispose();
                    deadline.Dispose();
                }
            }, CancellationToken.None);
            started = true;
            try
            {
                return new CompileAttempt(await compilation.WaitAsync(linked.Token).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return new CompileAttempt(CompileResult.Failed(new CompileDiagnostic("FAAS002",
                    $"compilation took longer than the limit of {timeout.TotalSeconds:0.#} s and was stopped", 1, 1)));
            }
        }
        finally
        {
            if (!started)
            {
                linked.Dispose();
                deadline.Dispose();
            }
        }
    }
}

/// <summary>A compilation's result, or no result because every compile slot stayed busy.</summary>
internal readonly record struct CompileAttempt(CompileResult? Result)
{
    public static CompileAttempt Busy => default;
}
