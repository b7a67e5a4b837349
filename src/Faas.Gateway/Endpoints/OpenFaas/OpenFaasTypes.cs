namespace Faas.Gateway.Endpoints.OpenFaas;

/// <summary>OpenFaaS <c>FunctionDeployment</c> (<c>PUT/POST /system/functions</c>), as faas-cli sends it.</summary>
internal sealed record FunctionDeployment
{
    public string? Service { get; init; }

    public string? Image { get; init; }

    public string? Namespace { get; init; }

    public string? EnvProcess { get; init; }

    public Dictionary<string, string>? EnvVars { get; init; }

    public List<string>? Constraints { get; init; }

    public List<string>? Secrets { get; init; }

    public Dictionary<string, string>? Labels { get; init; }

    public Dictionary<string, string>? Annotations { get; init; }

    public FunctionResources? Limits { get; init; }

    public FunctionResources? Requests { get; init; }

    /// <summary>Null (as Go reads a JSON null) is false: OpenFaaS's default, a writable root.</summary>
    public bool? ReadOnlyRootFilesystem { get; init; }

    /// <summary>Base64 of <c>user:password</c> for the image's registry (as Docker's <c>config.json</c> holds it); used for this deploy's pull only.</summary>
    public string? RegistryAuth { get; init; }
}

internal sealed record FunctionResources(string? Memory, string? Cpu);

/// <summary>
/// OpenFaaS <c>FunctionStatus</c> (list and get). As in faas-provider's Go type (<c>omitempty</c>), empty fields are
/// left out: no <c>envVars</c> when there are none, no <c>limits</c> or <c>requests</c> when the deployment set none,
/// no counts that are zero.
/// </summary>
internal sealed record FunctionStatus(
    string Name,
    string Image,
    string Namespace,
    string? EnvProcess,
    IReadOnlyDictionary<string, string>? EnvVars,
    IReadOnlyList<string>? Secrets,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string>? Annotations,
    FunctionResources? Limits,
    FunctionResources? Requests,
    long? InvocationCount,
    long? Replicas,
    long? AvailableReplicas,
    DateTimeOffset CreatedAt,
    bool? ReadOnlyRootFilesystem);

/// <summary>OpenFaaS <c>DeleteFunctionRequest</c>.</summary>
internal sealed record DeleteFunctionRequest(string? FunctionName, string? Namespace);

/// <summary>OpenFaaS <c>ScaleServiceRequest</c>.</summary>
internal sealed record ScaleServiceRequest(string? ServiceName, long? Replicas, string? Namespace);

/// <summary>OpenFaaS <c>Secret</c>: <c>rawValue</c> is bytes (base64 in JSON).</summary>
internal sealed record OpenFaasSecret(string? Name, string? Namespace, string? Value, byte[]? RawValue);

/// <summary>One line of <c>GET /system/logs</c> (newline-delimited JSON).</summary>
internal sealed record LogMessage(string Name, string Namespace, string Instance, DateTimeOffset Timestamp, string Text);
