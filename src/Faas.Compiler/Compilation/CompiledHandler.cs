namespace Faas.Compiler.Compilation;

/// <summary>A compiled handler: the assembly image and the content hash it is cached under.</summary>
internal sealed record CompiledHandler(string Hash, byte[] Assembly);
