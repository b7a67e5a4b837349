using Faas.Orchestrator.Namespaces;

namespace Faas.Orchestrator.Executions;

/// <summary>What a client submitted for async execution: the invocation as it would have been made synchronously.</summary>
public sealed record ExecutionRequest(
    string Function,
    string Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body,
    string? CallbackUrl)
{
    /// <summary>The namespace it belongs to.</summary>
    public string Namespace { get; init; } = NamespaceName.Default;

    public FunctionKey Key => new(Namespace, Function);
    /// <summary>The version number or alias to run (<c>/invoke/{name}@{qualifier}</c>); null runs the newest version.</summary>
    public string? Qualifier { get; init; }

    /// <summary>The schedule that fired it, if one did.</summary>
    public string? Schedule { get; init; }

    /// <summary>
    /// The execution's id when the submitter chooses it (a schedule's firing: derived from the schedule and the firing
    /// time, so a second submission of the same firing finds the first instead of adding another); null for a random one.
    /// </summary>
    public string? Id { get; init; }
}
