namespace Faas.Orchestrator.Deployments;

/// <summary>The outcome of a change, the changed thing when there is one, and a message fit for the caller.</summary>
public sealed record ChangeResult<T>(ChangeOutcome Outcome, T? Value, string Message)
    where T : class
{
    public static ChangeResult<T> Fail(ChangeOutcome outcome, string message) => new(outcome, null, message);
}
