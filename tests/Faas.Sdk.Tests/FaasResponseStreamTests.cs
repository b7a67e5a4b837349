using System.Runtime.CompilerServices;
using System.Text;
using NUnit.Framework;

namespace Faas.Sdk.Tests;

/// <summary>Streamed bodies: chunks become reads one at a time, server-sent events are framed, the token reaches the iterator.</summary>
[TestFixture]
public sealed class FaasResponseStreamTests
{
    private static async IAsyncEnumerable<string> Words(TaskCompletionSource? gate, [EnumeratorCancellation] CancellationToken token = default)
    {
        yield return "one";
        if (gate is not null)
        {
            await gate.Task.WaitAsync(token);
        }

        yield return "two\nlines";
    }

    [Test]
    public async Task Chunks_FirstChunk_IsReadBeforeTheSecondIsProduced()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var stream = FaasResponse.Chunks(Words(gate));
        var buffer = new byte[1024];

        var first = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(60));
        var second = stream.ReadAsync(buffer).AsTask();

        Assert.That(Encoding.UTF8.GetString(buffer, 0, first), Is.EqualTo("one"));
        Assert.That(second.IsCompleted, Is.False, "the read waited for nothing but the handler's next chunk");
        gate.SetResult();
        Assert.That(Encoding.UTF8.GetString(buffer, 0, await second.WaitAsync(TimeSpan.FromSeconds(60))), Is.EqualTo("two\nlines"));
        Assert.That(await stream.ReadAsync(buffer), Is.Zero);
    }

    [Test]
    public async Task Chunks_SmallReads_SplitAChunkWithoutLosingBytes()
    {
        await using var stream = FaasResponse.Chunks(Words(null));
        var text = new StringBuilder();
        var buffer = new byte[2];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        Assert.That(text.ToString(), Is.EqualTo("onetwo\nlines"));
    }

    [Test]
    public void Chunks_ReadCancelled_TheIteratorSeesTheToken()
    {
        var gate = new TaskCompletionSource();
        var stream = FaasResponse.Chunks(Words(gate));
        using var cancel = new CancellationTokenSource();
        var buffer = new byte[16];

        Assert.That(async () =>
        {
            _ = await stream.ReadAsync(buffer, cancel.Token);
            var waiting = stream.ReadAsync(buffer, cancel.Token).AsTask();
            await cancel.CancelAsync();
            await waiting;
        }, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task ServerSentEvents_EachString_IsOneEventWithADataLinePerLine()
    {
        var response = FaasResponse.ServerSentEvents(Words(null));
        using var text = new StreamReader(response.BodyStream!);

        Assert.That(response.Headers["Content-Type"], Is.EqualTo("text/event-stream"));
        Assert.That(response.Headers["Cache-Control"], Is.EqualTo("no-cache"));
        Assert.That(await text.ReadToEndAsync(), Is.EqualTo("data: one\n\ndata: two\ndata: lines\n\n"));
    }

    [Test]
    public void FromStream_Body_IsTheStreamWithItsContentType()
    {
        using var body = new MemoryStream([1, 2, 3]);

        var response = FaasResponse.FromStream(body, "image/png", 202);

        Assert.That(response.BodyStream, Is.SameAs(body));
        Assert.That(response.StatusCode, Is.EqualTo(202));
        Assert.That(response.Headers["Content-Type"], Is.EqualTo("image/png"));
    }
}
