namespace Faas.Orchestrator.Deployments;

/// <summary>How a change to a function's aliases or schedules ended. The gateway maps each to one HTTP status.</summary>
public enum ChangeOutcome
{
    /// <summary>Changed or removed (200/204).</summary>
    Done,
    /// <summary>Made new (201).</summary>
    Created,
    /// <summary>No such function, alias or schedule (404).</summary>
    NotFound,
    /// <summary>Bad input (400), with the reason.</summary>
    Invalid,
    /// <summary>It exists already, or something still uses it (409).</summary>
    Conflict,
}

/// <summary>The outcome of a change, the changed thing when there is one, and a message fit for the caller.</summary>
public sealed record ChangeResult<T>(ChangeOutcome Outcome, T? Value, string Message)
    where T : class
{
    public static ChangeResult<T> Fail(ChangeOutcome outcome, string message) => new(outcome, null, message);
}
