using System.Reflection;
using Docker.DotNet.Models;
using Faas.Runtime.Container.Docker;
using Microsoft.Extensions.Logging;

namespace Faas.Runtime.Container.Image;

/// <summary>
/// Makes sure the runtime image exists. A platform-managed image (repository <c>faas-runtime</c>) is
/// imported from a locally assembled root file system when missing or when its content fingerprint
/// differs; a user's image is only checked, since nothing can be pulled here.
/// </summary>
internal sealed class RuntimeImageProvider(DockerClient docker, ContainerRuntimeOptions options, ILogger logger, TimeProvider time)
{
    public static string PlatformVersion { get; } =
        (typeof(RuntimeImageProvider).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];

    public bool IsManaged => ImageReference.Parse(options.BaseImage).Repository == options.ManagedImageRepository;

    public async Task<ImageInspectResponse> EnsureAsync(CancellationToken cancellationToken)
    {
        var reference = ImageReference.Parse(options.BaseImage);
        var existing = await docker.InspectImageAsync(options.BaseImage, cancellationToken).ConfigureAwait(false);
        if (!IsManaged)
        {
            return existing ?? throw new ImageUnavailableException(
                $"The base image '{options.BaseImage}' does not exist in the local Docker engine, and no registry is reachable to pull it. " +
                "Build or load it first (it needs 'dotnet' on PATH and the published Faas.Host at /faas/host), " +
                $"or set system.base_image to '{options.ManagedImageRepository}:{PlatformVersion}' so the platform builds its own.");
        }

        var content = await RuntimeImageLayout.CreateAsync(options.Host, cancellationToken).ConfigureAwait(false);
        var changes = RuntimeImageLayout.Changes(PlatformVersion, "", options.User, content.LibraryDirectories);
        var fingerprint = content.Root.Fingerprint(changes);
        if (existing?.Config?.Labels is { } labels && labels.TryGetValue(RuntimeImageLayout.FingerprintLabel, out var current) && current == fingerprint)
        {
            ContainerLog.ImageReused(logger, options.BaseImage, fingerprint);
            return existing;
        }

        var started = time.GetTimestamp();
        ContainerLog.ImageBuilding(logger, options.BaseImage, content.Root.Count, existing is null ? "missing" : "stale");
        long total = 0;
        await docker.ImportImageAsync(
            reference.Repository,
            reference.Tag,
            RuntimeImageLayout.Changes(PlatformVersion, fingerprint, options.User, content.LibraryDirectories),
            async (stream, ct) =>
            {
                await using var counting = new ProgressStream(stream, 32L << 20, bytes => ContainerLog.ImageProgress(logger, options.BaseImage, bytes >> 20));
                await content.Root.WriteTarAsync(counting, ct).ConfigureAwait(false);
                await counting.FlushAsync(ct).ConfigureAwait(false);
                total = counting.BytesWritten;
            },
            message =>
            {
                if (message.Status is { } status)
                {
                    ContainerLog.ImageEngineStatus(logger, options.BaseImage, status);
                }
            },
            cancellationToken).ConfigureAwait(false);

        var built = await docker.InspectImageAsync(options.BaseImage, cancellationToken).ConfigureAwait(false)
            ?? throw new ImageUnavailableException($"The engine imported '{options.BaseImage}' but does not list it.");
        ContainerLog.ImageBuilt(logger, options.BaseImage, total >> 20, built.Size >> 20, (long)time.GetElapsedTime(started).TotalMilliseconds);
        if (existing?.ID is { } previous && previous != built.ID)
        {
            await RemoveReplacedAsync(previous, cancellationToken).ConfigureAwait(false);
        }

        return built;
    }

    /// <summary>The stale image lost its tag to the new one; remove it unless containers still use it.</summary>
    private async Task RemoveReplacedAsync(string imageId, CancellationToken cancellationToken)
    {
        try
        {
            await docker.RemoveImageAsync(imageId, force: false, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException ex)
        {
            ContainerLog.ImageNotRemoved(logger, imageId, ex.DockerMessage);
        }
    }
}
