namespace Faas.Orchestrator.Executions;

/// <summary>
/// Request headers named <c>X-Faas-*</c> belong to the platform: handlers may trust them (for example
/// <c>X-Faas-Execution-Id</c> as an idempotency key), so the caller's are removed before a call
/// reaches a handler and only the platform sets them.
/// </summary>
internal static class PlatformHeaders
{
    public const string Prefix = "X-Faas-";

    public static bool IsReserved(string name) => name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);
}
