namespace Faas.Orchestrator.Compilation;

/// <summary>A compiled handler: the assembly image and the content hash it is cached under.</summary>
internal sealed record CompiledHandler(string Hash, byte[] Assembly);

/// <summary>The outcome of compiling: either <see cref="Handler"/> or a non-empty <see cref="Errors"/>.</summary>
internal sealed record CompileResult(CompiledHandler? Handler, IReadOnlyList<CompileDiagnostic> Errors)
{
    public static CompileResult Failed(params CompileDiagnostic[] errors) => new(null, errors);
}
