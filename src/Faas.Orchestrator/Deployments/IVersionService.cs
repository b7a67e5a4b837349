using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Storage;
using Faas.Orchestrator.Validation;

using Faas.Orchestrator.Namespaces;

namespace Faas.Orchestrator.Deployments;

/// <summary>A function's immutable versions (one per create and update) and rolling back to one of them.</summary>
public interface IVersionService
{
    /// <summary>The versions the registry keeps, newest first; null when the function does not exist.</summary>
    Task<IReadOnlyList<FunctionVersion>?> ListAsync(FunctionKey function, CancellationToken cancellationToken = default);

    /// <summary>One kept version, or null.</summary>
    Task<FunctionVersion?> GetAsync(FunctionKey function, long version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deploys <paramref name="version"/>'s code and config again as a new version, which becomes the newest (validated
    /// like any deploy, as <paramref name="caller"/>); calls in flight finish on the version they started on.
    /// </summary>
    Task<DeployResult> RollbackAsync(FunctionKey function, long version, DeployCaller caller, CancellationToken cancellationToken = default);
}
