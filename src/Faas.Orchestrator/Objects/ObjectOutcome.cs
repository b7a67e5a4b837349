namespace Faas.Orchestrator.Objects;

/// <summary>How an object call ended (mapped to HTTP statuses in one place, the gateway's <c>ApiErrors</c>).</summary>
public enum ObjectOutcome
{
    Ok,
    Created,
    Deleted,
    FunctionNotFound,
    ObjectNotFound,
    InvalidName,
    TooLarge,
    QuotaExceeded,
}
