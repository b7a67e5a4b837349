using Microsoft.CodeAnalysis;

namespace Faas.Compiler.Compilation;

/// <summary>
/// Resolves no <c>#load</c>: a handler is one source text and the compiler, which runs as the gateway's
/// user, must never open a file a deployer names. <see cref="DirectiveGuard"/> refuses such directives
/// before compiling; this resolver makes sure that even a missed one opens nothing.
/// </summary>
internal sealed class NoSourceResolver : SourceReferenceResolver
{
    public static NoSourceResolver Instance { get; } = new();

    private NoSourceResolver()
    {
    }

    public override string? NormalizePath(string path, string? baseFilePath) => null;

    public override string? ResolveReference(string path, string? baseFilePath) => null;

    public override Stream OpenRead(string resolvedPath) =>
        throw new NotSupportedException("handler source never loads other files");

    public override bool Equals(object? other) => ReferenceEquals(this, other);

    public override int GetHashCode() => typeof(NoSourceResolver).GetHashCode();
}
