using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Logs;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Secrets;
using Faas.Orchestrator.Validation;
using Faas.Sdk.Protocol;

namespace Faas.Orchestrator;

/// <summary>The orchestrator's one way in: deploy, invoke, inspect and stop functions.</summary>
public interface IFaasOrchestrator
{
    /// <summary>Loads the registry, applies the functions declared in config and starts their minimum instances.</summary>
    Task StartAsync(IReadOnlyDictionary<string, DeclaredFunction> declared, CancellationToken cancellationToken);

    /// <summary>Drains in-flight calls up to <paramref name="drain"/>, then stops every instance.</summary>
    Task StopAsync(TimeSpan drain);

    /// <summary>
    /// Deploys a new function: C# <paramref name="code"/>, or, when <see cref="FunctionSettings.Image"/> is set,
    /// an OpenFaaS image run as it is in container mode (<paramref name="code"/> is then empty).
    /// <paramref name="caller"/> decides which secrets and images may be used.
    /// </summary>
    Task<DeployResult> CreateAsync(string name, string code, FunctionSettings settings, DeployCaller caller, CancellationToken cancellationToken);

    /// <summary>New code and/or settings; <paramref name="code"/> null keeps the current code. Validated like a create, on the resulting function.</summary>
    Task<DeployResult> UpdateAsync(string name, string? code, FunctionSettings settings, DeployCaller caller, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string name);

    /// <summary>Sets how many instances are kept running (<c>min_instances</c>; <c>max_instances</c> grows to fit) without a new version.</summary>
    Task<DeployResult> ScaleAsync(string name, int replicas);

    IReadOnlyList<SecretInfo> ListSecrets();

    /// <summary>A new secret, usable by admins and by the API keys named in <paramref name="grants"/>.</summary>
    Task<SecretResult> CreateSecretAsync(string name, string value, IReadOnlyList<string>? grants = null);

    /// <summary>
    /// New value and/or grants (null keeps each). A new value gives functions that list the secret fresh
    /// instances (a new version) that see it.
    /// </summary>
    Task<SecretResult> UpdateSecretAsync(string name, string? value, IReadOnlyList<string>? grants = null);

    /// <summary>Refused (<see cref="SecretOutcome.InUse"/>) while a function lists the secret.</summary>
    Task<SecretResult> DeleteSecretAsync(string name);

    FunctionView? Get(string name);

    /// <summary>A function's per-invocation deadline, cheaply (the hot path needs only this).</summary>
    TimeSpan? TimeoutOf(string name);

    IReadOnlyList<FunctionView> List();

    Task<InvocationResult> InvokeAsync(string name, InvokeRequest request, CancellationToken cancellationToken);

    FunctionStatsView? GetStats(string name);

    PlatformStats GetPlatformStats();

    IReadOnlyList<InstanceView> ListInstances();

    bool StopInstance(string runtimeOrInstanceId);

    IReadOnlyList<LogEntry> ReadLogs(string name, int tail, DateTimeOffset? since);

    RuntimeStatus ModeStatus(ExecutionMode mode);

    Task<IReadOnlyList<FeatureCheck>> CheckSystemAsync(CancellationToken cancellationToken);
}

/// <summary>A function declared in faas_config.yaml: created or updated at start-up.</summary>
public sealed record DeclaredFunction(string Code, FunctionSettings Settings);
