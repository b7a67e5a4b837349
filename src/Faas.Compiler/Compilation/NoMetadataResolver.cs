using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Faas.Compiler.Compilation;

/// <summary>
/// Resolves no <c>#r</c> and no missing assembly: a handler references the shared framework and the SDK,
/// given to the compilation up front, and nothing a deployer names is ever opened.
/// </summary>
internal sealed class NoMetadataResolver : MetadataReferenceResolver
{
    public static NoMetadataResolver Instance { get; } = new();

    private NoMetadataResolver()
    {
    }

    public override bool ResolveMissingAssemblies => false;

    public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties) => [];

    public override PortableExecutableReference? ResolveMissingAssembly(MetadataReference definition, AssemblyIdentity referenceIdentity) => null;

    public override bool Equals(object? other) => ReferenceEquals(this, other);

    public override int GetHashCode() => typeof(NoMetadataResolver).GetHashCode();
}
