using Faas.Orchestrator.Namespaces;

namespace Faas.Orchestrator.Storage;

/// <summary>
/// A named pointer at one or more versions of a function (<c>/invoke/{name}@{alias}</c>): calls are split between
/// <see cref="Routes"/> by weight. A single route of weight 100 is a plain pointer.
/// </summary>
public sealed record FunctionAlias(string Function, string Name, IReadOnlyList<AliasRoute> Routes, DateTimeOffset UpdatedAt)
{
    /// <summary>The namespace it belongs to.</summary>
    public string Namespace { get; init; } = NamespaceName.Default;

    public FunctionKey Key => new(Namespace, Function);

    public bool Equals(FunctionAlias? other) =>
        other is not null && Namespace == other.Namespace && Function == other.Function && Name == other.Name && UpdatedAt == other.UpdatedAt && Routes.SequenceEqual(other.Routes);

    public override int GetHashCode() => HashCode.Combine(Function, Name, UpdatedAt);

    /// <summary>True when both point at the same versions with the same weights (the time of the change aside).</summary>
    public bool SameRoutes(IReadOnlyList<AliasRoute> routes) => Routes.SequenceEqual(routes);
}
