using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Faas.Runtime.Container.Docker;

/// <summary>Container operations.</summary>
internal sealed partial class DockerClient
{
    /// <summary><c>POST /containers/create</c>; the container's name is <see cref="CreateContainerParameters.Name"/>.</summary>
    public Task<CreateContainerResponse> CreateContainerAsync(CreateContainerParameters parameters, CancellationToken cancellationToken) =>
        CallAsync("container create", (engine, ct) => engine.Containers.CreateContainerAsync(parameters, ct), cancellationToken);

    public Task StartContainerAsync(string id, CancellationToken cancellationToken) =>
        CallAsync("container start", (engine, ct) => engine.Containers.StartContainerAsync(Segment(id), new ContainerStartParameters(), ct), cancellationToken);

    public Task<ContainerInspectResponse> InspectContainerAsync(string id, CancellationToken cancellationToken) =>
        CallAsync("container inspect", (engine, ct) => engine.Containers.InspectContainerAsync(Segment(id), ct), cancellationToken);

    /// <summary><c>POST /containers/{id}/update</c>: changes a running container's resource limits.</summary>
    public Task<ContainerUpdateResponse> UpdateContainerAsync(string id, ContainerUpdateParameters parameters, CancellationToken cancellationToken) =>
        CallAsync("container update", (engine, ct) => engine.Containers.UpdateContainerAsync(Segment(id), parameters, ct), cancellationToken);

    /// <summary><c>POST /containers/{id}/wait</c> (condition <c>not-running</c>): completes when the container has stopped.</summary>
    public Task<ContainerWaitResponse> WaitContainerAsync(string id, CancellationToken cancellationToken) =>
        CallAsync("container wait", (engine, ct) => engine.Containers.WaitContainerAsync(Segment(id), ct), cancellationToken);

    /// <summary>Sends a signal; false when the container is gone or not running.</summary>
    public async Task<bool> KillContainerAsync(string id, string signal, CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync("container kill", async (engine, ct) =>
            {
                await engine.Containers.KillContainerAsync(Segment(id), new ContainerKillParameters { Signal = signal }, ct).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException ex) when (ex.IsNotFound || ex.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary><c>DELETE /containers/{id}?force=true&amp;v=true</c>; false when it did not exist.</summary>
    public async Task<bool> RemoveContainerAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync("container remove", async (engine, ct) =>
            {
                await engine.Containers.RemoveContainerAsync(Segment(id), new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, ct).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException ex) when (ex.IsNotFound)
        {
            return false;
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.Conflict && ex.DockerMessage.Contains("already in progress", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
    }

    /// <summary>All containers (running or not) carrying every one of <paramref name="labels"/> (<c>key=value</c> or <c>key</c>).</summary>
    public Task<IList<ContainerListResponse>> ListContainersAsync(IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        var parameters = new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = labels.ToDictionary(label => label, _ => true, StringComparer.Ordinal) },
        };
        return CallAsync("container list", (engine, ct) => engine.Containers.ListContainersAsync(parameters, ct), cancellationToken);
    }

    /// <summary>
    /// <c>GET /containers/{id}/logs?follow=true</c> of both streams, demultiplexed by the library (containers run
    /// without a TTY). Ends when the container stops.
    /// </summary>
    public Task<MultiplexedStream> FollowLogsAsync(string id, CancellationToken cancellationToken) =>
        CallAsync("container logs", (engine, ct) => engine.Containers.GetContainerLogsAsync(
            Segment(id), new ContainerLogsParameters { Follow = true, ShowStdout = true, ShowStderr = true }, ct), cancellationToken);
}
