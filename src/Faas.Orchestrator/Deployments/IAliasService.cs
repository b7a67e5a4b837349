using Faas.Orchestrator.Storage;

using Faas.Orchestrator.Namespaces;

namespace Faas.Orchestrator.Deployments;

/// <summary>A function's aliases: named pointers at one version, or weighted routes to several (canary, A/B).</summary>
public interface IAliasService
{
    /// <summary>The function's aliases by name; null when the function does not exist.</summary>
    Task<IReadOnlyList<FunctionAlias>?> ListAsync(FunctionKey function, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces an alias; every route must name a version the registry keeps.</summary>
    Task<ChangeResult<FunctionAlias>> SetAsync(FunctionKey function, string alias, IReadOnlyList<AliasRoute> routes, CancellationToken cancellationToken = default);

    /// <summary>Removes an alias; refused (conflict) while a schedule fires through it.</summary>
    Task<ChangeResult<FunctionAlias>> DeleteAsync(FunctionKey function, string alias, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets the aliases declared in faas_config.yaml (as the operator) on functions already deployed; returns one line per
    /// alias that could not be set.
    /// </summary>
    Task<IReadOnlyList<string>> ApplyDeclaredAsync(IReadOnlyDictionary<string, DeclaredFunction> declared, CancellationToken cancellationToken);
}
