using Faas.Orchestrator.Namespaces;

namespace Faas.Orchestrator.Secrets;

/// <summary>What may be shown of a secret: its name, the API keys (by name) it is granted to and when it changed, never its value.</summary>
public sealed record SecretInfo(string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The namespace it belongs to.</summary>
    public string Namespace { get; init; } = NamespaceName.Default;

    /// <summary>Names of the API keys that may deploy functions listing this secret (admin keys always may).</summary>
    public IReadOnlyList<string> Grants { get; init; } = [];
}

/// <summary>What a secret operation did; the gateway maps it to a status.</summary>
public enum SecretOutcome
{
    Created,
    Updated,
    Deleted,
    /// <summary>404.</summary>
    NotFound,
    /// <summary>409: the name is taken.</summary>
    AlreadyExists,
    /// <summary>409: functions still list the secret.</summary>
    InUse,
    /// <summary>400: bad name or value.</summary>
    Invalid,
}

public sealed record SecretResult(SecretOutcome Outcome, string Message);
