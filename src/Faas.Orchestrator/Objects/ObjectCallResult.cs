namespace Faas.Orchestrator.Objects;

/// <summary>An object call's outcome, a message when it failed, and what it produced when it succeeded.</summary>
public sealed record ObjectCallResult<T>(ObjectOutcome Outcome, string Message, T? Value)
    where T : class
{
    public bool Succeeded => Outcome is ObjectOutcome.Ok or ObjectOutcome.Created or ObjectOutcome.Deleted;

    public static ObjectCallResult<T> Fail(ObjectOutcome outcome, string message) => new(outcome, message, null);

    public static ObjectCallResult<T> Done(T value, ObjectOutcome outcome = ObjectOutcome.Ok) => new(outcome, "", value);
}
