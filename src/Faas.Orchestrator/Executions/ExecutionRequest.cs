namespace Faas.Orchestrator.Executions;

/// <summary>What a client submitted for async execution: the invocation as it would have been made synchronously.</summary>
public sealed record ExecutionRequest(
    string Function,
    string Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body,
    string? CallbackUrl);
