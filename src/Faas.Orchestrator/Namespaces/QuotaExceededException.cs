namespace Faas.Orchestrator.Namespaces;

/// <summary>
/// An instance was not started because its namespace is at a quota: thrown before any launch, so nothing ran. The
/// pool turns it into <see cref="Invocation.InvocationOutcome.QuotaExceeded"/> for the callers waiting on the start.
/// </summary>
public sealed class QuotaExceededException(string quota, string message) : Exception(message)
{
    /// <summary>The quota's name as configured: <c>functions</c>, <c>instances</c>, <c>memory</c> or <c>object_bytes</c>.</summary>
    public string Quota { get; } = quota;
}
