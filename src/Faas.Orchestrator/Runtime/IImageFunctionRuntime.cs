namespace Faas.Orchestrator.Runtime;

/// <summary>
/// Runs OpenFaaS function images as they are (container mode): the runtime starts the image and returns the
/// backend that reaches its watchdog. Provided by the container runtime; without it image functions cannot start.
/// </summary>
public interface IImageFunctionRuntime
{
    /// <summary>
    /// Starts <paramref name="spec"/>'s <see cref="InstanceSpec.Image"/> and returns once its watchdog answers.
    /// Throws <see cref="InstanceStartException"/> with a message fit for the caller when it cannot.
    /// </summary>
    Task<IInstanceBackend> StartImageAsync(InstanceSpec spec, CancellationToken cancellationToken);

    /// <summary>
    /// Before a deploy of <paramref name="image"/> is accepted: pulls it when the engine lacks it (with
    /// <paramref name="credential"/>, else the operator's credential for its registry, else anonymously), bounded in
    /// time, and checks that a writable root (<paramref name="writableRoot"/>) can be given. The credential is used
    /// for this pull only.
    /// </summary>
    Task<ImagePreparation> PrepareImageAsync(string image, RegistryCredential? credential, bool writableRoot, CancellationToken cancellationToken);
}
