using Faas.Orchestrator.Runtime;
using Faas.Runtime.Container.Containers;

namespace Faas.Runtime.Container.Watchdog;

/// <summary>
/// OpenFaaS image functions in container mode: the container runtime starts the image as it is (no socket, no
/// handler to load), and the instance is ready once its watchdog answers on the container's own loopback, reached
/// through the network namespace handle the runtime took when the container started.
/// </summary>
internal sealed class ImageFunctionRuntime(ContainerRuntime containers, TimeProvider time) : IImageFunctionRuntime
{
    public Task<ImagePreparation> PrepareImageAsync(string image, RegistryCredential? credential, bool writableRoot, CancellationToken cancellationToken) =>
        containers.PrepareImageAsync(image, credential, writableRoot, cancellationToken);

    public async Task<IInstanceBackend> StartImageAsync(InstanceSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Image is null)
        {
            throw new ArgumentException("the spec names no image", nameof(spec));
        }

        IRuntimeInstance? started = null;
        WatchdogInstance? backend = null;
        try
        {
            started = await containers.StartAsync(spec, cancellationToken).ConfigureAwait(false);
            if (started is not ContainerInstance { NetworkNamespace: { } networkNamespace })
            {
                // Usually the container exited at once: wait briefly to say why.
                await Task.WhenAny(started.Exited, Task.Delay(TimeSpan.FromSeconds(2), time, cancellationToken)).ConfigureAwait(false);
                var why = started.Exited.IsCompleted ? (await started.Exited.ConfigureAwait(false)).Reason : "the runtime holds no handle of it";
                throw new InstanceStartException($"the function's watchdog cannot be reached: the container's network namespace was not captured at start ({why})");
            }

            backend = new WatchdogInstance(started, networkNamespace, time);
            await backend.WaitReadyAsync(cancellationToken).ConfigureAwait(false);
            return backend;
        }
        catch
        {
            if (backend is not null)
            {
                await backend.DisposeAsync().ConfigureAwait(false);
            }
            else if (started is not null)
            {
                await started.KillAsync().ConfigureAwait(false);
                await started.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }
}
