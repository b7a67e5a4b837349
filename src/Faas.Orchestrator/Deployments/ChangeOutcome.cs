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
