using Docker.DotNet.Models;
using Faas.Orchestrator.Runtime;
using Faas.Runtime.Container.Docker;
using Microsoft.Extensions.Logging;

namespace Faas.Runtime.Container.Image;

/// <summary>
/// The images of OpenFaaS functions in the engine: readied at deploy (pulled when missing, with the deploy's
/// credential or the operator's for that registry, bounded by <see cref="ContainerRuntimeOptions.PullTimeout"/>),
/// pulled again at an instance's start when the engine lost them (with the operator's credential only: a deploy's is
/// never kept), and the writable-root policy. Credentials are never logged.
/// </summary>
internal sealed partial class FunctionImages(DockerClient docker, ContainerRuntimeOptions options, string? storageQuotaProblem, ILogger logger, TimeProvider time)
{
    /// <summary>True when the engine can size-limit a container's writable layer (<c>--storage-opt size=</c>).</summary>
    public bool CanBoundWritableRoot => storageQuotaProblem is null;

    /// <summary>Why a writable root cannot be given here (null when it can, or when none is asked for).</summary>
    public string? WritableRootProblem(bool writableRoot) =>
        !writableRoot || CanBoundWritableRoot || options.WritableRoot == WritableRootPolicy.Unbounded
            ? null
            : $"a writable root file system (readOnlyRootFilesystem: false, OpenFaaS's default) cannot be size-limited on this Docker engine " +
              $"({storageQuotaProblem}), and an unbounded one could fill the engine's disk: deploy with readOnlyRootFilesystem: true " +
              "(the function keeps a writable /tmp of its tmp_size), or the operator allows it with openfaas.writable_root: unbounded";

    /// <summary>For a deploy: whether <paramref name="image"/> can run as asked; pulls it when the engine lacks it.</summary>
    public async Task<ImagePreparation> PrepareAsync(string image, RegistryCredential? credential, bool writableRoot, CancellationToken cancellationToken)
    {
        if (WritableRootProblem(writableRoot) is { } problem)
        {
            return ImagePreparation.Refused(problem);
        }

        try
        {
            if (await docker.InspectImageAsync(image, cancellationToken).ConfigureAwait(false) is not null)
            {
                return ImagePreparation.Ready($"image '{image}' is present");
            }
        }
        catch (Exception ex) when (ex is DockerApiException or DockerUnreachableException)
        {
            return ImagePreparation.Unavailable($"the Docker engine could not look up image '{image}': {ex.Message}");
        }

        return await PullAsync(image, credential, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>For an instance's start: the image, pulled again (operator's credential or anonymously) when the engine lost it.</summary>
    public async Task<ImageInspectResponse> EnsureAsync(string image, string function, CancellationToken cancellationToken)
    {
        if (await docker.InspectImageAsync(image, cancellationToken).ConfigureAwait(false) is { } present)
        {
            return present;
        }

        var pulled = await PullAsync(image, null, cancellationToken).ConfigureAwait(false);
        return pulled.Outcome == ImagePreparationOutcome.Ready && await docker.InspectImageAsync(image, cancellationToken).ConfigureAwait(false) is { } fetched
            ? fetched
            : throw new InstanceStartException($"Image '{image}' of function '{function}' is not present in the local Docker engine, and {pulled.Message}; " +
                "deploy the function again (with registryAuth for a private registry).");
    }

    private async Task<ImagePreparation> PullAsync(string image, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        var reference = PullReference.Parse(image);
        using var timeout = new CancellationTokenSource(options.PullTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            if (credential is null && options.RegistryCredentials is { } configured)
            {
                credential = await configured(reference.Registry, linked.Token).ConfigureAwait(false);
            }

            Log.Pulling(logger, image, reference.Registry, credential is not null);
            var auth = credential is null ? null : new AuthConfig { Username = credential.Username, Password = credential.Password, ServerAddress = reference.Registry };
            await docker.PullImageAsync(reference.Repository, reference.Tag, auth, linked.Token).ConfigureAwait(false);
        }
        catch (DockerApiException ex)
        {
            Log.PullFailed(logger, image, ex.DockerMessage);
            return ImagePreparation.Refused($"image '{image}' could not be pulled from {reference.Registry}{(credential is null ? " (no credential)" : "")}: {ex.DockerMessage}");
        }
        catch (DockerUnreachableException ex)
        {
            return ImagePreparation.Unavailable($"image '{image}' could not be pulled: {ex.Message}");
        }
        catch (InvalidOperationException ex)
        {
            // The operator's credential for this registry cannot be read (openfaas.registry_auth).
            return ImagePreparation.Unavailable($"image '{image}' could not be pulled: {ex.Message}");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Log.PullFailed(logger, image, "timed out");
            return ImagePreparation.Refused($"pulling image '{image}' from {reference.Registry} did not finish within {options.PullTimeout.TotalSeconds:0.#} s");
        }

        Log.Pulled(logger, image);
        return ImagePreparation.Ready($"image '{image}' was pulled");
    }

    private static partial class Log
    {
        [LoggerMessage(4040, LogLevel.Information, "Pulling image {Image} from {Registry} (with a credential: {WithCredential})")]
        public static partial void Pulling(ILogger logger, string image, string registry, bool withCredential);

        [LoggerMessage(4041, LogLevel.Information, "Pulled image {Image}")]
        public static partial void Pulled(ILogger logger, string image);

        [LoggerMessage(4042, LogLevel.Warning, "Pulling image {Image} failed: {Reason}")]
        public static partial void PullFailed(ILogger logger, string image, string reason);
    }
}
