using Faas.Gateway.Auth;
using Faas.Orchestrator.Deployments;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Executions;
using Microsoft.Extensions.Logging;

namespace Faas.Gateway.Configuration;

/// <summary>The whole validated configuration: faas_config.yaml, then environment overrides, then CLI flags.</summary>
internal sealed record FaasConfig(
    PlatformOptions Platform,
    GatewayOptions Gateway,
    RuntimeSettings Runtimes,
    IReadOnlyList<ApiKey> ApiKeys,
    IReadOnlyDictionary<string, DeclaredFunction> Functions,
    string? SourcePath)
{
    /// <summary>The <c>async:</c> section: durable async invocations.</summary>
    public ExecutionOptions Async { get; init; } = new();

    /// <summary>The <c>auth:</c> settings beyond the keys (<c>token_lifetime</c>).</summary>
    public AuthSettings Auth { get; init; } = new();

    /// <summary>The <c>registry:</c> section: SQLite (embedded, the default) or PostgreSQL (a cluster).</summary>
    public RegistrySettings Registry { get; init; } = RegistrySettings.Embedded;

    /// <summary>The <c>cluster:</c> section: this node's name, address and lease.</summary>
    public Orchestrator.Cluster.ClusterOptions Cluster { get; init; } = new();

    /// <summary><c>cluster.trusted_proxies</c>: the load balancers whose <c>X-Forwarded-For</c> names the client address.</summary>
    public IReadOnlyList<System.Net.IPAddress> TrustedProxies { get; init; } = [];

    /// <summary>The <c>namespaces:</c> section: namespace → its quota (null: none declared).</summary>
    public IReadOnlyDictionary<string, Orchestrator.Namespaces.NamespaceQuota?> Namespaces { get; init; } =
        new Dictionary<string, Orchestrator.Namespaces.NamespaceQuota?>();
}

/// <param name="Host">Address to bind; 127.0.0.1 unless told otherwise.</param>
/// <param name="MaxRequestBodyBytes">Larger request bodies get 413.</param>
/// <param name="ShutdownTimeout">How long SIGTERM waits for in-flight calls.</param>
internal sealed record GatewayOptions(
    string Host,
    int Port,
    long MaxRequestBodyBytes,
    RateLimitSettings RateLimit,
    LogLevel LogLevel,
    bool JsonLogs,
    TimeSpan ShutdownTimeout,
    bool OpenFaasPublicInvoke = false)
{
    /// <summary>The scope <c>GET /metrics</c> requires: <see cref="Scope.None"/> (public) or <see cref="Scope.Admin"/>.</summary>
    public Scope MetricsScope { get; init; } = Scope.None;
}

/// <summary>Token bucket per API key: <see cref="RequestsPerSecond"/> refill, <see cref="Burst"/> capacity.</summary>
internal sealed record RateLimitSettings(bool Enabled, int RequestsPerSecond, int Burst, int QueueLimit)
{
    /// <summary><c>rate_limit.auth_failures</c>: failed authentications per client address; independent of <see cref="Enabled"/>.</summary>
    public RateLimiting.AuthFailureBudget AuthFailures { get; init; } = RateLimiting.AuthFailureBudget.Default;
}

internal enum ProcessIsolation
{
    Strict,
    Standard,
    None,
}

internal sealed record RuntimeSettings(ProcessIsolation Isolation, string BaseImage, string DockerEndpoint, bool DisableContainer, string ContainerRuntime)
{
    /// <summary><c>openfaas.writable_root</c>: whether image functions may get a writable root without a size limit.</summary>
    public Runtime.Container.WritableRootPolicy WritableRoot { get; init; } = Runtime.Container.WritableRootPolicy.Bounded;

    /// <summary><c>openfaas.registry_auth</c>: registry host → name of the secret holding <c>user:password</c>.</summary>
    public IReadOnlyDictionary<string, string> RegistryAuth { get; init; } = new Dictionary<string, string>();

    /// <summary><c>openfaas.pull_timeout</c>: how long pulling one image may take.</summary>
    public TimeSpan PullTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
