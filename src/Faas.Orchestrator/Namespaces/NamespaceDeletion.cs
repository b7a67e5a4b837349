namespace Faas.Orchestrator.Namespaces;

/// <summary>What removing a namespace did; the gateway maps it to a status.</summary>
public enum NamespaceDeletion
{
    Deleted,

    /// <summary>404.</summary>
    NotFound,

    /// <summary>409: it still holds functions, secrets or objects.</summary>
    NotEmpty,

    /// <summary>409: <c>default</c> always exists.</summary>
    Default,
}
