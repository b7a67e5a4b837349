using System.Collections.Concurrent;
using System.Text;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Runtime;
using Faas.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Faas.Gateway.Tests.Hosting;

/// <summary>
/// OpenFaaS image functions for the in-process gateway: container mode is "available" (an in-process container
/// runtime), and each image instance is a backend in this process that answers with what it was started with and
/// the headers it received. Records every spec it started, for assertions on limits and the root file system.
/// </summary>
internal sealed class FakeImageRuntime : IImageFunctionRuntime
{
    private readonly ConcurrentQueue<InstanceSpec> _started = new();

    public IReadOnlyList<InstanceSpec> Started => [.. _started];

    /// <summary>Registers container mode and this runtime in <paramref name="services"/>.</summary>
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton<IFunctionRuntime>(new InProcessRuntime(ExecutionMode.Container));
        services.RemoveAll<IImageFunctionRuntime>();
        services.AddSingleton<IImageFunctionRuntime>(this);
    }

    /// <summary>Every deploy-time preparation asked for: the image, the deploy's credential, whether a writable root was asked.</summary>
    public IReadOnlyList<(string Image, RegistryCredential? Credential, bool WritableRoot)> Prepared => [.. _prepared];

    /// <summary>The answer to a preparation (default: ready).</summary>
    public Func<string, ImagePreparation> Preparation { get; set; } = image => ImagePreparation.Ready($"image '{image}' is present");

    private readonly ConcurrentQueue<(string, RegistryCredential?, bool)> _prepared = new();

    public Task<ImagePreparation> PrepareImageAsync(string image, RegistryCredential? credential, bool writableRoot, CancellationToken cancellationToken)
    {
        _prepared.Enqueue((image, credential, writableRoot));
        return Task.FromResult(Preparation(image));
    }

    public Task<IInstanceBackend> StartImageAsync(InstanceSpec spec, CancellationToken cancellationToken)
    {
        _started.Enqueue(spec);
        return Task.FromResult<IInstanceBackend>(new Backend(spec));
    }

    private sealed class Backend(InstanceSpec spec) : IInstanceBackend
    {
        private readonly TaskCompletionSource<InstanceExit> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string RuntimeId { get; } = "fake-" + spec.InstanceId;

        public int? Pid => null;

        public Task<InstanceExit> Ended => _ended.Task;

        public Task<InvocationResult> InvokeAsync(FunctionRequest request, TimeSpan timeout, CancellationToken callerAborted)
        {
            var text = new StringBuilder($"image={spec.Image};memory={spec.Limits.MemoryBytes};");
            foreach (var (name, value) in request.Headers)
            {
                text.Append(name).Append('=').Append(value).Append(';');
            }

            return Task.FromResult(InvocationResult.Success(200, [new("Content-Type", "text/plain")], Encoding.UTF8.GetBytes(text.ToString())));
        }

        public ValueTask DisposeAsync()
        {
            _ended.TrySetResult(new InstanceExit(0, false, "stopped"));
            return ValueTask.CompletedTask;
        }
    }
}
