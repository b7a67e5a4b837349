using Docker.DotNet.Models;
using Faas.Orchestrator.Runtime;
using Faas.Runtime.Container.Docker;

namespace Faas.Runtime.Container.Containers;

/// <summary>
/// Takes the network namespace of a just-started container, once: <see cref="NetworkNamespaceHandle.TryOpen"/>
/// (a pidfd, then <c>/proc/{pid}/ns/net</c>, then the pidfd's process must still exist), then the engine must
/// still report the container running with that same pid. A container's first process keeps its pid for as
/// long as the container runs, so that pid was the container's from the first inspect to the last, and the
/// namespace opened in between is the container's. Any doubt is a null (with why), never a guess.
/// </summary>
internal static class NamespaceCapture
{
    public static async Task<(NetworkNamespaceHandle? Handle, string Problem)> OpenAsync(
        DockerClient docker, string containerId, State? started, CancellationToken cancellationToken)
    {
        if (started is not { Running: true, Pid: > 0 and <= int.MaxValue })
        {
            return (null, $"the container was not running right after it started ({started?.Status ?? "unknown state"})");
        }

        var handle = NetworkNamespaceHandle.TryOpen((int)started.Pid, out var problem);
        if (handle is null)
        {
            return (null, problem);
        }

        try
        {
            var now = (await docker.InspectContainerAsync(containerId, cancellationToken).ConfigureAwait(false)).State;
            if (now is not { Running: true } || now.Pid != started.Pid)
            {
                handle.Dispose();
                return (null, $"the container's process {started.Pid} ended while its network namespace was being opened");
            }

            return (handle, "");
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }
}
