using System.Runtime.Loader;
using System.Text;
using Faas.Sdk.Protocol;

namespace Faas.Host;

/// <summary>
/// Warms a stem cell: serves a small compiled handler, loaded into a throw-away load context, a few calls, so
/// assembly loading, the script factory, reflection invocation, JSON serialization and the serving path are
/// compiled before a real function arrives. The context is unloaded afterwards; nothing of the warm-up handler
/// stays reachable. (A cold-booted host has no such warm-up: beside its own first call it only cost CPU.)
/// </summary>
internal static class WarmUp
{
    public static async Task RunAsync(LoadRequest warmup)
    {
        await RunOnceAsync(warmup).ConfigureAwait(false);
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    /// <summary>
    /// Serves the warm-up handler through a <see cref="HostServer"/> of its own over an in-memory connection: the load,
    /// three calls and their answers take the same path (frame reads, dispatch, the handler's invoker, the response
    /// sender) a specialized cell's first call takes, so that path is compiled before the cell is taken.
    /// </summary>
    private static async Task RunOnceAsync(LoadRequest warmup)
    {
        var context = new AssemblyLoadContext("faas-warmup", isCollectible: true);
        try
        {
            var (hostEnd, platformEnd) = InMemoryDuplex.Create();
            var serving = new HostServer(hostEnd, new HashSet<string>(StringComparer.Ordinal), context).RunAsync();
            await using (var platform = new FrameConnection(platformEnd))
            {
                await platform.SendAsync(FrameType.Load, 1, warmup, static (w, l) => l.Write(w)).ConfigureAwait(false);
                using (var loaded = await ExpectAsync(platform, FrameType.Loaded).ConfigureAwait(false))
                {
                    var result = LoadResult.Read(loaded.Payload);
                    if (!result.Succeeded)
                    {
                        throw new InvalidOperationException($"the warm-up handler did not load: {result.Error}");
                    }
                }

                var body = Encoding.UTF8.GetBytes("""{"name":"warm","items":{"a":"1"}}""");
                for (var i = 0u; i < 3; i++)
                {
                    var request = new InvokeRequest("POST", "/", [new("q", "1")], [new("Content-Type", "application/json")], body, 1000, "warmup");
                    await platform.SendAsync(FrameType.Invoke, 2 + i, request, static (w, r) => r.Write(w)).ConfigureAwait(false);
                    using var answer = await ExpectAsync(platform, FrameType.Result).ConfigureAwait(false);
                    var result = InvokeResult.Read(answer.Payload);
                    if (result.Error != InvokeErrorKind.None)
                    {
                        throw new InvalidOperationException($"the warm-up handler failed: {result.ErrorMessage}");
                    }
                }
            }

            await serving.ConfigureAwait(false); // the end of the in-memory connection ends it
        }
        finally
        {
            context.Unload();
        }
    }

    private static async Task<Frame> ExpectAsync(FrameConnection connection, FrameType type)
    {
        var frame = await connection.ReceiveAsync().ConfigureAwait(false)
            ?? throw new InvalidOperationException("the warm-up connection ended early");
        if (frame.Type != type)
        {
            frame.Dispose();
            throw new InvalidOperationException($"the warm-up expected a {type} frame, not {frame.Type}");
        }

        return frame;
    }
}
