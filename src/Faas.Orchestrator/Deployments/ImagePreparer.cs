using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Validation;

namespace Faas.Orchestrator.Deployments;

/// <summary>
/// Readies an OpenFaaS image before its deploy is accepted, as OpenFaaS providers pull at deploy: the image is
/// pulled when the engine lacks it (with the caller's <c>registryAuth</c>, used for this pull only), and a writable
/// root is checked against the operator's policy. A failure is the deploy's answer — 400 for what the deployer can
/// fix (no such image, a wrong credential, a writable root that is not allowed), 503 when the engine is not there —
/// so nothing is stored for an image that cannot run. Runs after validation: the image policy applies to pulls too.
/// </summary>
internal sealed class ImagePreparer(IEnumerable<IImageFunctionRuntime> images)
{
    private readonly IImageFunctionRuntime? _images = images.FirstOrDefault();

    /// <summary>Null when <paramref name="settings"/> are not an image function or the image is ready; else the failed deploy.</summary>
    public async Task<DeployResult?> PrepareAsync(FunctionSettings settings, DeployCaller caller, CancellationToken cancellationToken)
    {
        if (settings.Image is not { } image || _images is null)
        {
            return null;
        }

        var prepared = await _images.PrepareImageAsync(image, caller.RegistryAuth, !settings.ReadOnlyRootFilesystem, cancellationToken).ConfigureAwait(false);
        return prepared.Outcome switch
        {
            ImagePreparationOutcome.Ready => null,
            ImagePreparationOutcome.Refused => DeployResult.Fail(DeployOutcome.Invalid, prepared.Message),
            _ => DeployResult.Fail(DeployOutcome.Unavailable, prepared.Message),
        };
    }
}
