using Docker.DotNet.Models;
using Faas.Orchestrator.Runtime;

namespace Faas.Runtime.Container.Containers;

/// <summary>
/// Says why a container ended. Out of memory is either the kernel's OOM killer (<c>State.OOMKilled</c>)
/// or the .NET heap hard limit (an unhandled <c>OutOfMemoryException</c> on stderr).
/// </summary>
internal static class ExitClassifier
{
    public static InstanceExit Classify(int exitCode, State? state, IReadOnlyList<string> stderrTail, bool killedByPlatform, long memoryBytes)
    {
        var limit = memoryBytes >> 20;
        if (state?.OOMKilled == true)
        {
            return new InstanceExit(exitCode, true, $"out of memory: the container exceeded its memory limit of {limit} MiB and was killed (exit code {exitCode})");
        }

        if (!killedByPlatform && exitCode != 0 && stderrTail.Any(IsManagedOutOfMemory))
        {
            return new InstanceExit(exitCode, true, $"out of memory: the .NET heap reached its limit within the {limit} MiB memory limit (exit code {exitCode})");
        }

        if (killedByPlatform)
        {
            return new InstanceExit(exitCode, false, $"killed by the platform (exit code {exitCode})");
        }

        var detail = string.IsNullOrEmpty(state?.Error) ? "" : ": " + state.Error;
        return exitCode switch
        {
            0 => new InstanceExit(0, false, "exited normally" + detail),
            > 128 and < 160 => new InstanceExit(exitCode, false, $"killed by signal {exitCode - 128} (exit code {exitCode}){detail}"),
            _ => new InstanceExit(exitCode, false, $"exited with code {exitCode}{detail}"),
        };
    }

    /// <summary>An unhandled <c>OutOfMemoryException</c>, or the runtime's own last words when it cannot even allocate that.</summary>
    private static bool IsManagedOutOfMemory(string line) =>
        line.Contains("System.OutOfMemoryException", StringComparison.Ordinal) || line.Trim() == "Out of memory.";
}
