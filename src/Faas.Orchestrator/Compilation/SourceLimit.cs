using System.Text;

namespace Faas.Orchestrator.Compilation;

/// <summary>FAAS004: a source over the size limit is refused before anything else, cached or not.</summary>
internal static class SourceLimit
{
    public const string Id = "FAAS004";

    public static CompileResult? Refuse(string source, int maxSourceBytes) =>
        Encoding.UTF8.GetByteCount(source) > maxSourceBytes
            ? CompileResult.Failed(new CompileDiagnostic(Id, $"the source is larger than the limit of {maxSourceBytes} bytes", 1, 1))
            : null;
}
