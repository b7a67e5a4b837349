using System.Collections.Concurrent;
using System.Globalization;
using Docker.DotNet.Models;
using Faas.Orchestrator.Runtime;
using Faas.Runtime.Container.Containers;
using Faas.Runtime.Container.Docker;
using Faas.Runtime.Container.Image;
using Microsoft.Extensions.Logging;

namespace Faas.Runtime.Container;

/// <summary>What a Docker engine's <c>/info</c> says it can enforce: the limits every container needs, and a size limit for a writable layer.</summary>
internal static class EngineCapabilities
{
    /// <summary>Why the engine cannot size-limit a container's writable layer, or null when it can (overlay2 on xfs).</summary>
    public static string? StorageQuotaProblem(SystemInfoResponse info)
    {
        var backing = info.DriverStatus?.FirstOrDefault(pair => pair.Length == 2 && pair[0] == "Backing Filesystem")?[1];
        return info.Driver == "overlay2" && backing == "xfs"
            ? null
            : $"storage driver {info.Driver} on {backing ?? "an unreported file system"}; a size limit needs overlay2 on xfs mounted with pquota";
    }

    public static List<string> MissingLimits(SystemInfoResponse info)
    {
        var missing = new List<string>();
        if (!info.MemoryLimit)
        {
            missing.Add("memory");
        }

        if (!info.PidsLimit)
        {
            missing.Add("pids");
        }

        return missing;
    }
}
