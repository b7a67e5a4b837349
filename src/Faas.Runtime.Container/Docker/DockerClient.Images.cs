using System.Net;
using System.Text;
using System.Text.Json;
using Faas.Runtime.Container.Docker.Models;

namespace Faas.Runtime.Container.Docker;

/// <summary>Image operations.</summary>
internal sealed partial class DockerClient
{
    /// <summary><c>GET /images/{name}/json</c>; null when the image does not exist.</summary>
    public async Task<ImageInspect?> InspectImageAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await GetJsonAsync<ImageInspect>($"/images/{Escape(name)}/json", "image inspect", versioned: true, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// <c>POST /images/create?fromSrc=-</c>: imports a root file system tar, written by <paramref name="writeTar"/>
    /// straight into the request, as <c>repo:tag</c>. <paramref name="changes"/> are Dockerfile instructions
    /// (ENV, USER, LABEL, WORKDIR, CMD) applied to the image.
    /// </summary>
    public async Task ImportImageAsync(
        string repository,
        string tag,
        IEnumerable<string> changes,
        Func<Stream, CancellationToken, Task> writeTar,
        Action<ProgressMessage>? progress,
        CancellationToken cancellationToken)
    {
        var query = new StringBuilder("/images/create?fromSrc=-&repo=").Append(Escape(repository)).Append("&tag=").Append(Escape(tag));
        foreach (var change in changes)
        {
            query.Append("&changes=").Append(Escape(change));
        }

        using var content = new StreamingContent(writeTar, "application/x-tar");
        using var response = await SendAsync(HttpMethod.Post, query.ToString(), content, "image import", versioned: true, streaming: true, cancellationToken).ConfigureAwait(false);
        await ReadProgressAsync(response, "image import", progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>POST /build</c> with a tar of the context, no network for <c>RUN</c> steps. Returns the image id.
    /// </summary>
    public async Task<string?> BuildImageAsync(
        string tag,
        IReadOnlyDictionary<string, string> buildArgs,
        Func<Stream, CancellationToken, Task> writeContext,
        Action<ProgressMessage>? progress,
        CancellationToken cancellationToken)
    {
        var args = JsonSerializer.Serialize(buildArgs);
        var path = $"/build?t={Escape(tag)}&networkmode=none&rm=true&forcerm=true&buildargs={Escape(args)}";
        using var content = new StreamingContent(writeContext, "application/x-tar");
        using var response = await SendAsync(HttpMethod.Post, path, content, "build", versioned: true, streaming: true, cancellationToken).ConfigureAwait(false);
        return await ReadProgressAsync(response, "build", progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>DELETE /images/{name}</c>; false when it did not exist.</summary>
    public async Task<bool> RemoveImageAsync(string name, bool force, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Delete, $"/images/{Escape(name)}?force={(force ? "true" : "false")}", null, "image remove", versioned: true, streaming: false, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DockerApiException ex) when (ex.IsNotFound)
        {
            return false;
        }
    }

    /// <summary>Reads a JSON-lines progress stream; an <c>error</c> line becomes a <see cref="DockerApiException"/>.</summary>
    private static async Task<string?> ReadProgressAsync(HttpResponseMessage response, string operation, Action<ProgressMessage>? progress, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string? imageId = null;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            ProgressMessage? message;
            try
            {
                message = JsonSerializer.Deserialize<ProgressMessage>(line, DockerJson.Options);
            }
            catch (JsonException)
            {
                message = new ProgressMessage { Status = line };
            }

            if (message is null)
            {
                continue;
            }

            if (message.Error is not null || message.ErrorDetail?.Message is not null)
            {
                throw new DockerApiException(HttpStatusCode.InternalServerError, operation, message.ErrorDetail?.Message ?? message.Error!);
            }

            imageId = message.Aux?.ID ?? imageId;
            progress?.Invoke(message);
        }

        return imageId;
    }
}
