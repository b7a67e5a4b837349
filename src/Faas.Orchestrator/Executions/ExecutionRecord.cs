using Faas.Orchestrator.Namespaces;

namespace Faas.Orchestrator.Executions;

/// <summary>One async execution as stored: the request, its progress and, once final, its result.</summary>
public sealed record ExecutionRecord(
    string Id,
    string Function,
    string Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body,
    string? CallbackUrl,
    CallbackState? CallbackState,
    ExecutionStatus Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset NextAttemptAt,
    ExecutionResult? Result)
{
    /// <summary>The namespace it belongs to.</summary>
    public string Namespace { get; init; } = NamespaceName.Default;

    public FunctionKey Key => new(Namespace, Function);
    /// <summary>The version number or alias asked for; null for the newest version.</summary>
    public string? Qualifier { get; init; }

    /// <summary>The function version that ran the last attempt, once known.</summary>
    public long? Version { get; init; }

    /// <summary>The schedule that fired it, if one did.</summary>
    public string? Schedule { get; init; }
}

/// <summary>The handler's answer (when it gave one) and what went wrong (when something did).</summary>
public sealed record ExecutionResult(
    int? StatusCode,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[]? Body,
    string? Error)
{
    /// <summary>The function version that ran the attempt, when one ran.</summary>
    public long? Version { get; init; }
}

/// <summary>Delivery of the result to <c>X-Callback-Url</c>.</summary>
public enum CallbackState
{
    Pending,
    Delivered,
    Failed,
}
