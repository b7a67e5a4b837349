using System.Runtime.Loader;
using System.Text;
using Faas.Compiler.Compilation;
using Faas.Sdk.Protocol;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Host.Tests;

/// <summary>
/// A stem cell's warm-up (issue 11): the sample handler is served through a host server of its own, over an in-memory
/// connection, so the path a specialized cell's first call takes is compiled before the cell is taken; then the cell
/// still loads its function, and nothing of the warm-up stays loaded.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class WarmUpTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Warmup_SampleHandler_AnsweredThenTheFunctionLoadsAndTheWarmupContextIsUnloaded()
    {
        var (serving, platform) = Serve();
        await using (platform)
        {
            var warmup = Compile("""object Handle(FaasRequest r) => new { name = (string?)r.Json()?["name"], query = r.Query["q"] };""");
            await platform.SendAsync(FrameType.Warmup, 1, new LoadRequest("warmup", "Handle", [], warmup), static (w, l) => l.Write(w));
            using (var warmed = await platform.ReceiveAsync().AsTask().WaitAsync(Timeout))
            {
                Assert.That(warmed!.Type, Is.EqualTo(FrameType.Warmup));
                Assert.That(LoadResult.Read(warmed.Payload).Error, Is.Empty);
            }

            var function = Compile("""object Handle(FaasRequest r) => "the function";""");
            await platform.SendAsync(FrameType.Load, 2, new LoadRequest("f", "Handle", [], function), static (w, l) => l.Write(w));
            using (var loaded = await platform.ReceiveAsync().AsTask().WaitAsync(Timeout))
            {
                Assert.That(LoadResult.Read(loaded!.Payload).Error, Is.Empty, "the warm-up left the cell's own handler slot free");
            }

            await platform.SendAsync(FrameType.Invoke, 3, new InvokeRequest("GET", "/", [], [], Array.Empty<byte>(), 0, "r"), static (w, r) => r.Write(w));
            using var answer = await platform.ReceiveAsync().AsTask().WaitAsync(Timeout);
            Assert.That(Encoding.UTF8.GetString(InvokeResult.Read(answer!.Payload).Body.Span), Is.EqualTo("the function"));
        }

        await serving.WaitAsync(Timeout);
        await Eventually.ThatAsync(() =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            return AssemblyLoadContext.All.All(c => c.Name != "faas-warmup");
        }, "the warm-up's load context is unloaded");
    }

    [Test]
    public async Task Warmup_SampleHandlerThrows_TheCellReportsTheFailure()
    {
        var (serving, platform) = Serve();
        await using (platform)
        {
            var warmup = Compile("""object Handle(FaasRequest r) => throw new InvalidOperationException("broken sample");""");
            await platform.SendAsync(FrameType.Warmup, 1, new LoadRequest("warmup", "Handle", [], warmup), static (w, l) => l.Write(w));
            using var warmed = await platform.ReceiveAsync().AsTask().WaitAsync(Timeout);

            Assert.That(warmed!.Type, Is.EqualTo(FrameType.Warmup));
            Assert.That(LoadResult.Read(warmed.Payload).Error, Does.Contain("the warm-up handler failed").And.Contain("broken sample"));
        }

        await serving.WaitAsync(Timeout);
    }

    private static (Task Serving, FrameConnection Platform) Serve()
    {
        var (hostEnd, platformEnd) = InMemoryDuplex.Create();
        var serving = Task.Run(new HostServer(hostEnd, new HashSet<string>(StringComparer.Ordinal)).RunAsync);
        return (serving, new FrameConnection(platformEnd));
    }

    private static byte[] Compile(string code)
    {
        var compiled = new HandlerCompiler().Compile(code, "Handle", CancellationToken.None);
        Assert.That(compiled.Errors, Is.Empty);
        return compiled.Handler!.Assembly;
    }
}
