using Faas.Orchestrator.Namespaces;

namespace Faas.Orchestrator.Deployments;

/// <summary>The functions declared in faas_config.yaml, applied by the functions' hosted service at start-up.</summary>
public sealed class DeclaredFunctions(IReadOnlyDictionary<string, DeclaredFunction> functions)
{
    public static DeclaredFunctions None { get; } = new(new Dictionary<string, DeclaredFunction>());

    public IReadOnlyDictionary<string, DeclaredFunction> Functions { get; } = functions;

    /// <summary><c>namespaces:</c>: namespace → its quota (null: none declared).</summary>
    public IReadOnlyDictionary<string, NamespaceQuota?> Namespaces { get; init; } = new Dictionary<string, NamespaceQuota?>();

    /// <summary>The declared namespaces and those the declared functions name: all are created at start-up.</summary>
    public IReadOnlyDictionary<string, NamespaceQuota?> AllNamespaces()
    {
        var all = new Dictionary<string, NamespaceQuota?>(Namespaces, StringComparer.Ordinal);
        foreach (var function in Functions.Values)
        {
            all.TryAdd(function.Namespace, null);
        }

        return all;
    }
}
