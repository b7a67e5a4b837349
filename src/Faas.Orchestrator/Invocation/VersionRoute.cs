using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Pools;

namespace Faas.Orchestrator.Invocation;

/// <summary>Where a call goes: the version it is meant for, that version's pool and settings; or, with no pool, why there is none.</summary>
internal sealed record VersionRoute(long? Version, FunctionPool? Pool, FunctionSettings? Settings, string Problem)
{
    public static VersionRoute NotFound(string problem) => new(null, null, null, problem);
}
