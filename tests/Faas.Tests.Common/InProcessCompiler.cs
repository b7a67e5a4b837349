using Faas.Orchestrator.Compilation;
using Worker = Faas.Compiler.Compilation;

namespace Faas.Tests.Common;

/// <summary>
/// The compiler worker's compiler run in the test process on the thread pool, as the orchestrator's
/// <see cref="IHandlerCompiler"/>: for tests whose point is not the worker process (it cannot be killed, so no
/// compile bombs here). Results carry the same hash the platform's workers give.
/// </summary>
internal sealed class InProcessCompiler(int maxSourceBytes = 512 * 1024) : IHandlerCompiler
{
    private readonly Worker.HandlerCompiler _compiler = new(maxSourceBytes);

    /// <summary>Null when the compilation did not finish within <paramref name="timeout"/> (it goes on in the background: no bombs here).</summary>
    public async Task<CompileResult?> CompileAsync(string source, string handlerName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var compilation = Task.Run(() => Convert(_compiler.Compile(source, handlerName, cancellationToken), source, handlerName), CancellationToken.None);
        try
        {
            return await compilation.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    public Task<CompileResult?> CompileAsync(string source, string handlerName) =>
        CompileAsync(source, handlerName, TimeSpan.FromMinutes(5), CancellationToken.None);

    private static CompileResult Convert(Worker.CompileResult result, string source, string handlerName) => result.Handler is { } handler
        ? new CompileResult(new CompiledHandler(CompilationHash.Of(source, handlerName), handler.Assembly), [])
        : new CompileResult(null, result.Errors.Select(e => new CompileDiagnostic(e.Id, e.Message, e.Line, e.Column)).ToList());
}
