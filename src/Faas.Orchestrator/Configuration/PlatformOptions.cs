using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.StemCells;

namespace Faas.Orchestrator.Configuration;

/// <summary>
/// The orchestrator's share of the <c>system:</c> section of faas_config.yaml, as <c>IOptions&lt;PlatformOptions&gt;</c>
/// (<see cref="OrchestratorServiceCollectionExtensions.AddFaasOrchestrator"/>); checked at start by <see cref="PlatformOptionsValidator"/>.
/// </summary>
public sealed record PlatformOptions
{
    public ExecutionMode DefaultMode { get; set; } = ExecutionMode.Process;

    /// <summary>Invocations running at once across all functions; more wait, then get 429.</summary>
    public int MaxConcurrentFunctions { get; set; } = 1000;

    /// <summary>How long a request waits for an instance (including a cold start) before 429.</summary>
    public TimeSpan ColdStartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an idle instance is kept above <c>min_instances</c>.</summary>
    public TimeSpan WarmInstanceTtl { get; set; } = TimeSpan.FromSeconds(600);

    /// <summary>Registry database, compiled artifacts and instance sockets live here.</summary>
    public string StoragePath { get; set; } = "/tmp/faas_functions";

    /// <summary>Requests allowed to wait per function for an instance; beyond it, 429 at once.</summary>
    public int MaxQueuePerFunction { get; set; } = 1000;

    /// <summary>Longest time Roslyn may spend on one deploy.</summary>
    public TimeSpan CompileTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Largest response body passed on to a caller (<c>system.max_response_body_size</c>): an answer announcing more
    /// gets 502 <c>response_too_large</c>, a streamed one that grows past it is cut off; the instance stays usable.
    /// </summary>
    public long MaxResponseBodyBytes { get; set; } = 64L << 20;

    /// <summary>Compilations running at once, abandoned ones (past <see cref="CompileTimeout"/>) included.</summary>
    public int MaxConcurrentCompiles { get; set; } = 2;

    /// <summary>Pre-started process-mode hosts that cold starts specialize instead of booting a sandbox.</summary>
    public StemCellSettings ProcessStemCells { get; set; } = new(1, 32);

    /// <summary>Pre-started containers that cold starts specialize instead of creating a container.</summary>
    public StemCellSettings ContainerStemCells { get; set; } = new(1, 2);

    /// <summary>The 256-bit key sealing secrets at rest (from <c>FAAS_SECRETS_KEY</c>); null reads or creates <see cref="SecretsKeyFile"/>.</summary>
    public byte[]? SecretsKey { get; set; }

    /// <summary>The key file used when <see cref="SecretsKey"/> is null (created 0600); null means <c>{StoragePath}/secrets.key</c>.</summary>
    public string? SecretsKeyFile { get; set; }

    /// <summary>Largest handler source accepted.</summary>
    public int MaxSourceBytes { get; set; } = 512 * 1024;

    /// <summary>How long in-flight calls and executions may finish when the platform stops (<c>system.shutdown_timeout</c>).</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Ceilings on what a deployer may ask for (<c>limits:</c>).</summary>
    public PlatformLimits Limits { get; set; } = new();

    /// <summary>Image patterns (<c>*</c> matches anything) non-admins may deploy as OpenFaaS image functions (<c>openfaas.allowed_images</c>); empty allows none.</summary>
    public IReadOnlyList<string> AllowedImages { get; set; } = [];

    /// <summary>The platform's own runtime image (<c>system.base_image</c>): no tag of its repository is ever allowed to non-admins.</summary>
    public string? RuntimeImage { get; set; }

    /// <summary>Versions kept per function (<c>system.max_versions_per_function</c>), besides those an alias or schedule points at.</summary>
    public int MaxVersionsPerFunction { get; set; } = 20;

    /// <summary>How pools scale (<c>system.autoscaling</c>).</summary>
    public AutoscalingOptions Autoscaling { get; set; } = new();

    /// <summary>Largest function object accepted (<c>system.max_object_size</c>), over REST and from handlers.</summary>
    public long MaxObjectBytes { get; set; } = 64L << 20;

    /// <summary>Takes every value of <paramref name="source"/> (the gateway's loaded config into the options instance).</summary>
    public void CopyFrom(PlatformOptions source)
    {
        DefaultMode = source.DefaultMode;
        MaxConcurrentFunctions = source.MaxConcurrentFunctions;
        ColdStartTimeout = source.ColdStartTimeout;
        WarmInstanceTtl = source.WarmInstanceTtl;
        StoragePath = source.StoragePath;
        MaxQueuePerFunction = source.MaxQueuePerFunction;
        CompileTimeout = source.CompileTimeout;
        MaxResponseBodyBytes = source.MaxResponseBodyBytes;
        MaxConcurrentCompiles = source.MaxConcurrentCompiles;
        ProcessStemCells = source.ProcessStemCells;
        ContainerStemCells = source.ContainerStemCells;
        SecretsKey = source.SecretsKey;
        SecretsKeyFile = source.SecretsKeyFile;
        MaxSourceBytes = source.MaxSourceBytes;
        DrainTimeout = source.DrainTimeout;
        Limits = source.Limits;
        AllowedImages = source.AllowedImages;
        RuntimeImage = source.RuntimeImage;
        MaxVersionsPerFunction = source.MaxVersionsPerFunction;
        Autoscaling = source.Autoscaling;
        MaxObjectBytes = source.MaxObjectBytes;
    }
}
