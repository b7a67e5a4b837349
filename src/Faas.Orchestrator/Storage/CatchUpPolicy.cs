namespace Faas.Orchestrator.Storage;

/// <summary>What a schedule does about firings missed while the platform was down.</summary>
public enum CatchUpPolicy
{
    /// <summary>Run once at start for all the missed firings together.</summary>
    Once,

    /// <summary>Run none of them; carry on with the next firing.</summary>
    Skip,
}
