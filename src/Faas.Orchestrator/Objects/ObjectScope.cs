namespace Faas.Orchestrator.Objects;

/// <summary>Whose objects: a function within a namespace. Every store and service call names one; nothing reaches across.</summary>
public sealed record ObjectScope(string Namespace, string Function)
{
    /// <summary>The namespace used until callers carry their own (a config without namespaces has only this one).</summary>
    public const string DefaultNamespace = "default";

    public static ObjectScope Of(string function, string? @namespace = null) => new(@namespace ?? DefaultNamespace, function);

    /// <summary>The objects of that function, in its namespace.</summary>
    public static ObjectScope Of(Namespaces.FunctionKey function) => new(function.Namespace, function.Name);
}
