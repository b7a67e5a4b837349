namespace Faas.Orchestrator.Deployments;

/// <summary>The functions declared in faas_config.yaml, applied by the functions' hosted service at start-up.</summary>
public sealed class DeclaredFunctions(IReadOnlyDictionary<string, DeclaredFunction> functions)
{
    public static DeclaredFunctions None { get; } = new(new Dictionary<string, DeclaredFunction>());

    public IReadOnlyDictionary<string, DeclaredFunction> Functions { get; } = functions;
}
