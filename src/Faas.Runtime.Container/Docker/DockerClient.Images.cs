using System.IO.Pipelines;
using System.Net;
using System.Runtime.ExceptionServices;
using Docker.DotNet.Models;

namespace Faas.Runtime.Container.Docker;

/// <summary>Image operations.</summary>
internal sealed partial class DockerClient
{
    /// <summary><c>GET /images/{name}/json</c>; null when the image does not exist.</summary>
    public async Task<ImageInspectResponse?> InspectImageAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync("image inspect", (engine, ct) => engine.Images.InspectImageAsync(Segment(name), ct), cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// <c>POST /images/create?fromSrc=-</c> (<c>docker import</c>): imports a root file system tar, written by
    /// <paramref name="writeTar"/> while the engine reads it, as <c>repo:tag</c>. <paramref name="changes"/> are
    /// Dockerfile instructions (ENV, USER, LABEL, WORKDIR, CMD) applied to the image. An error the engine reports in
    /// its progress stream becomes a <see cref="DockerApiException"/>.
    /// </summary>
    public async Task ImportImageAsync(
        string repository,
        string tag,
        IEnumerable<string> changes,
        Func<Stream, CancellationToken, Task> writeTar,
        Action<JSONMessage>? progress,
        CancellationToken cancellationToken)
    {
        var parameters = new ImagesCreateParameters { Repo = repository, Tag = tag, Changes = [.. changes] };
        var pipe = new Pipe();
        using var writing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writer = WriteBodyAsync(pipe.Writer, writeTar, writing.Token);
        string? error = null;
        var report = new ProgressCallback<JSONMessage>(message =>
        {
            if (message.Error?.Message is { Length: > 0 } failure)
            {
                error ??= failure;
            }

            progress?.Invoke(message);
        });
        Exception? failure = null;
        try
        {
            await using var body = pipe.Reader.AsStream();
            await CallAsync("image import", async (engine, ct) =>
            {
                await engine.Images.CreateImageAsync(parameters, body, null, report, ct).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // rethrown below, unless writing the content failed first (the better explanation)
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failure = ex;
        }

        // The engine stopped reading (done or failed): stop writing, then let the writer end.
        await writing.CancelAsync().ConfigureAwait(false);
        if (await writer.ConfigureAwait(false) is { } writeFailure and not OperationCanceledException)
        {
            ExceptionDispatchInfo.Throw(writeFailure);
        }

        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        if (error is not null)
        {
            throw new DockerApiException(HttpStatusCode.InternalServerError, "image import", error);
        }
    }

    /// <summary><c>DELETE /images/{name}</c>; false when it did not exist.</summary>
    public async Task<bool> RemoveImageAsync(string name, bool force, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync("image remove", (engine, ct) => engine.Images.DeleteImageAsync(Segment(name), new ImageDeleteParameters { Force = force }, ct), cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
        catch (DockerApiException ex) when (ex.IsNotFound)
        {
            return false;
        }
    }

    /// <summary>Writes the request body into the pipe; a failure ends the body early (the engine then refuses the import) and is returned.</summary>
    private static async Task<Exception?> WriteBodyAsync(PipeWriter pipe, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        await Task.Yield();
        Exception? failure = null;
        try
        {
            await using var stream = pipe.AsStream(leaveOpen: true);
            await write(stream, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // handed to the reader (the request) and returned to the caller
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failure = ex;
        }

        await pipe.CompleteAsync(failure).ConfigureAwait(false);
        return failure;
    }
}
