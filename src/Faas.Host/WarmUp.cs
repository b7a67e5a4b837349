using System.Runtime.Loader;
using System.Text;
using Faas.Host.Handlers;
using Faas.Sdk.Protocol;

namespace Faas.Host;

/// <summary>
/// Warms a stem cell: loads a small compiled handler into a throw-away load context and runs it a
/// few times, so assembly loading, the script factory, reflection invocation and JSON serialization
/// are jitted before a real function arrives. The context is unloaded afterwards; nothing of the
/// warm-up handler stays reachable.
/// </summary>
internal static class WarmUp
{
    public static async Task RunAsync(LoadRequest warmup)
    {
        await RunOnceAsync(warmup).ConfigureAwait(false);
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    private static async Task RunOnceAsync(LoadRequest warmup)
    {
        var context = new AssemblyLoadContext("faas-warmup", isCollectible: true);
        try
        {
            var handler = HandlerLoader.Load(context, warmup.Assembly, warmup.HandlerName);
            var body = Encoding.UTF8.GetBytes("""{"name":"warm","items":{"a":"1"}}""");
            for (var i = 0; i < 3; i++)
            {
                var request = new InvokeRequest("POST", "/", [new("q", "1")], [new("Content-Type", "application/json")], body, 1000, "warmup");
                var result = await handler.InvokeAsync(request, body, CancellationToken.None).ConfigureAwait(false);
                if (result.Error != InvokeErrorKind.None)
                {
                    throw new InvalidOperationException($"the warm-up handler failed: {result.ErrorMessage}");
                }
            }
        }
        finally
        {
            context.Unload();
        }
    }
}
