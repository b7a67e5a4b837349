using System.Text.Json;
using Faas.Runtime.Container.Docker.Models;

namespace Faas.Runtime.Container.Docker;

/// <summary>Container operations.</summary>
internal sealed partial class DockerClient
{
    public Task<ContainerCreateResponse> CreateContainerAsync(string name, ContainerCreateRequest request, CancellationToken cancellationToken) =>
        PostJsonAsync<ContainerCreateRequest, ContainerCreateResponse>($"/containers/create?name={Escape(name)}", request, "container create", cancellationToken);

    public async Task StartContainerAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/containers/{Escape(id)}/start", null, "container start", versioned: true, streaming: false, cancellationToken).ConfigureAwait(false);
    }

    public Task<ContainerInspect> InspectContainerAsync(string id, CancellationToken cancellationToken) =>
        GetJsonAsync<ContainerInspect>($"/containers/{Escape(id)}/json", "container inspect", versioned: true, cancellationToken);

    /// <summary><c>POST /containers/{id}/update</c>: changes a running container's resource limits.</summary>
    public Task<ContainerUpdateResponse> UpdateContainerAsync(string id, ContainerUpdateRequest request, CancellationToken cancellationToken) =>
        PostJsonAsync<ContainerUpdateRequest, ContainerUpdateResponse>($"/containers/{Escape(id)}/update", request, "container update", cancellationToken);

    /// <summary><c>POST /containers/{id}/wait?condition=not-running</c>: completes when the container has stopped.</summary>
    public async Task<ContainerWaitResponse> WaitContainerAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/containers/{Escape(id)}/wait?condition=not-running", null, "container wait", versioned: true, streaming: true, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync<ContainerWaitResponse>(response, "container wait", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a signal; false when the container is gone or not running.</summary>
    public async Task<bool> KillContainerAsync(string id, string signal, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Post, $"/containers/{Escape(id)}/kill?signal={Escape(signal)}", null, "container kill", versioned: true, streaming: false, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DockerApiException ex) when (ex.IsNotFound || ex.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary><c>DELETE /containers/{id}?force=true&amp;v=true</c>; false when it did not exist.</summary>
    public async Task<bool> RemoveContainerAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Delete, $"/containers/{Escape(id)}?force=true&v=true", null, "container remove", versioned: true, streaming: false, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DockerApiException ex) when (ex.IsNotFound)
        {
            return false;
        }
        catch (DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.Conflict && ex.DockerMessage.Contains("already in progress", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
    }

    /// <summary>All containers (running or not) carrying every one of <paramref name="labels"/> (<c>key=value</c> or <c>key</c>).</summary>
    public Task<List<ContainerSummary>> ListContainersAsync(IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        var filters = JsonSerializer.Serialize(new Dictionary<string, IReadOnlyList<string>> { ["label"] = labels });
        return GetJsonAsync<List<ContainerSummary>>($"/containers/json?all=true&filters={Escape(filters)}", "container list", versioned: true, cancellationToken);
    }

    /// <summary><c>HEAD /containers/{id}/archive?path=</c>: whether a path exists in a (created) container's file system.</summary>
    public async Task<bool> PathExistsAsync(string id, string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Head, $"/containers/{Escape(id)}/archive?path={Escape(path)}", null, "container stat", versioned: true, streaming: false, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DockerApiException ex) when (ex.IsNotFound)
        {
            return false;
        }
    }

    /// <summary>
    /// <c>GET /containers/{id}/logs?follow=true</c>: the raw multiplexed stream (containers run without a TTY);
    /// decode it with <see cref="LogDemultiplexer"/>. Ends when the container stops.
    /// </summary>
    public async Task<Stream> FollowLogsAsync(string id, CancellationToken cancellationToken)
    {
        var response = await SendAsync(HttpMethod.Get, $"/containers/{Escape(id)}/logs?follow=true&stdout=true&stderr=true", null, "container logs", versioned: true, streaming: true, cancellationToken).ConfigureAwait(false);
        return new ResponseStream(response, await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
    }
}
