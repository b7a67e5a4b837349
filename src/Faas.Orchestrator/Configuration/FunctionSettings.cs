using Faas.Orchestrator.Runtime;

namespace Faas.Orchestrator.Configuration;

/// <summary>A function's settings (the <c>functions:</c> entries of faas_config.yaml and the REST <c>config</c> object).</summary>
public sealed record FunctionSettings
{
    public ExecutionMode ExecutionMode { get; init; } = ExecutionMode.Process;

    /// <summary>Name of the top-level handler method.</summary>
    public string Handler { get; init; } = "Handle";

    /// <summary>Per-invocation deadline.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public long MemoryBytes { get; init; } = 256L << 20;

    /// <summary>CPU in millicores (1000 = one core).</summary>
    public int CpuMillicores { get; init; } = 1000;

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public int MinInstances { get; init; }

    public int MaxInstances { get; init; } = 10;

    /// <summary>Invocations one instance runs at once.</summary>
    public int Concurrency { get; init; } = 8;

    public int MaxPids { get; init; } = 256;

    public long TmpBytes { get; init; } = 64L << 20;

    /// <summary>Secrets this function may read, mounted at <c>/var/openfaas/secrets/&lt;name&gt;</c>.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    /// <summary>Also export each secret as an environment variable (upper case, '-' and '.' as '_').</summary>
    public bool SecretsAsEnv { get; init; }

    /// <summary>An OpenFaaS function image run as it is in container mode (no code); null for C# functions.</summary>
    public string? Image { get; init; }

    /// <summary>OpenFaaS labels, kept and shown as given.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>OpenFaaS annotations, kept and shown as given (the code annotation is not kept here).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Whether the root file system is read-only. C# functions always run read-only; an OpenFaaS image function runs
    /// with a writable root when deployed with <c>readOnlyRootFilesystem: false</c> (OpenFaaS's default), within what
    /// the operator allows (<c>openfaas.writable_root</c>).
    /// </summary>
    public bool ReadOnlyRootFilesystem { get; init; } = true;

    /// <summary>Starts more instances under load (OpenFaaS scaling labels); null: only when calls wait for an instance.</summary>
    public LoadTarget? LoadTarget { get; init; }

    /// <summary>
    /// Idle time after which every instance is stopped, <c>min_instances</c> included (OpenFaaS's
    /// <c>com.openfaas.scale.zero</c> and <c>zero-duration</c>); the next call starts <c>min_instances</c> again. Null: never.
    /// </summary>
    public TimeSpan? ScaleToZeroAfter { get; init; }

    /// <summary>Set for functions deployed through OpenFaaS: the limits and requests as that deployment gave them.</summary>
    public OpenFaasRequest? OpenFaas { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public ResourceLimits Limits => new(MemoryBytes, CpuMillicores, MaxPids, TmpBytes, 1024);

    public bool Equals(FunctionSettings? other) =>
        other is not null
        && ExecutionMode == other.ExecutionMode && Handler == other.Handler && Timeout == other.Timeout
        && MemoryBytes == other.MemoryBytes && CpuMillicores == other.CpuMillicores
        && MinInstances == other.MinInstances && MaxInstances == other.MaxInstances
        && Concurrency == other.Concurrency && MaxPids == other.MaxPids && TmpBytes == other.TmpBytes
        && SecretsAsEnv == other.SecretsAsEnv && Image == other.Image
        && ReadOnlyRootFilesystem == other.ReadOnlyRootFilesystem && OpenFaas == other.OpenFaas
        && LoadTarget == other.LoadTarget && ScaleToZeroAfter == other.ScaleToZeroAfter
        && Secrets.SequenceEqual(other.Secrets)
        && SameMap(Environment, other.Environment) && SameMap(Labels, other.Labels) && SameMap(Annotations, other.Annotations);

    private static bool SameMap(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    public override int GetHashCode() => HashCode.Combine(ExecutionMode, Handler, Timeout, MemoryBytes, CpuMillicores, MinInstances, MaxInstances);
}
