namespace Faas.Orchestrator.Namespaces;

/// <summary>
/// A function's identity: its name within its namespace. Names are unique within a namespace only, so everything
/// that finds a function (the registry, the in-memory table, pools, stats) is keyed by both.
/// </summary>
public readonly record struct FunctionKey(string Namespace, string Name)
{
    /// <summary>A function of the <c>default</c> namespace.</summary>
    public static FunctionKey Default(string name) => new(NamespaceName.Default, name);

    /// <summary>
    /// The function as one text, OpenFaaS style: <c>name</c> in <c>default</c> (so a platform without namespaces names
    /// everything as before), <c>name.namespace</c> elsewhere. Unique because neither part may contain a dot; used
    /// for metric labels, log keys and instance identities (container names and labels).
    /// </summary>
    public string Qualified => Namespace == NamespaceName.Default ? Name : $"{Name}.{Namespace}";

    public override string ToString() => Qualified;
}
