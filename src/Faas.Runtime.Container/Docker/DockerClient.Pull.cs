using System.Net;
using Docker.DotNet.Models;

namespace Faas.Runtime.Container.Docker;

/// <summary>Pulling images from a registry.</summary>
internal sealed partial class DockerClient
{
    /// <summary>
    /// <c>POST /images/create?fromImage=&amp;tag=</c> (<c>docker pull</c>) with the credential in <c>X-Registry-Auth</c>
    /// (none: anonymous). Runs until the engine ends the stream or <paramref name="cancellationToken"/> fires; an error
    /// the registry reports in the progress stream (unknown image, refused credential) becomes a <see cref="DockerApiException"/>.
    /// </summary>
    public async Task PullImageAsync(string repository, string tag, AuthConfig? auth, CancellationToken cancellationToken)
    {
        string? error = null;
        var report = new ProgressCallback<JSONMessage>(message =>
        {
            if (message.Error?.Message is { Length: > 0 } failure)
            {
                error ??= failure;
            }
        });
        await CallAsync("image pull", async (engine, ct) =>
        {
            await engine.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = repository, Tag = tag }, auth, report, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            throw new DockerApiException(HttpStatusCode.InternalServerError, "image pull", error);
        }
    }
}
