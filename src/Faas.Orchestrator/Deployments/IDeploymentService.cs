using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Validation;

using Faas.Orchestrator.Namespaces;

namespace Faas.Orchestrator.Deployments;

/// <summary>Creates, updates, scales and deletes functions; every change is validated and stored before it takes effect.</summary>
public interface IDeploymentService
{
    /// <summary>
    /// Deploys a new function: C# <paramref name="code"/>, or, when <see cref="FunctionSettings.Image"/> is set,
    /// an OpenFaaS image run as it is in container mode (<paramref name="code"/> is then empty).
    /// <paramref name="caller"/> decides which secrets and images may be used.
    /// </summary>
    Task<DeployResult> CreateAsync(FunctionKey function, string code, FunctionSettings settings, DeployCaller caller, CancellationToken cancellationToken);

    /// <summary>New code and/or settings; <paramref name="code"/> null keeps the current code. Validated like a create, on the resulting function.</summary>
    Task<DeployResult> UpdateAsync(FunctionKey function, string? code, FunctionSettings settings, DeployCaller caller, CancellationToken cancellationToken);

    /// <summary>Removes the function and stops its instances (in-flight calls get up to its timeout); false when it does not exist.</summary>
    Task<bool> DeleteAsync(FunctionKey function, CancellationToken cancellationToken = default);

    /// <summary>Sets how many instances are kept running (<c>min_instances</c>; <c>max_instances</c> grows to fit) without a new version.</summary>
    Task<DeployResult> ScaleAsync(FunctionKey function, int replicas, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates or updates the functions declared in faas_config.yaml (as the operator). Returns one line per
    /// function that could not be deployed; empty when all were.
    /// </summary>
    Task<IReadOnlyList<string>> ApplyDeclaredAsync(IReadOnlyDictionary<string, DeclaredFunction> declared, CancellationToken cancellationToken);
}
