using System.Net;
using System.Text;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Gateway.Tests.EndToEnd;

/// <summary>
/// The real gateway with sandboxed hosts: ten concurrent 250 MB answers pass through a bounded amount of gateway
/// memory; a streamed handler's first chunk reaches the client before the handler is told to produce its second;
/// a handler writing raw bytes to its own socket, or flooding its stdout, harms nothing but its own instance.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class StreamingTests : GatewayTestBase
{
    private const string Big = "big-body";
    private const string Trickle = "trickle";
    private const string Writer = "socket-writer";
    private const string Neighbour = "neighbour";
    private const long MiB = 1024;

    protected override string SystemYaml => "  max_response_body_size: 512Mi";

    [OneTimeSetUp]
    public async Task DeployAsync()
    {
        Requirements.RequireRootSandbox();
        await DeployOkAsync(Big, """
            static readonly byte[] s_body = new byte[250_000_000];
            object Handle(FaasRequest r) => s_body;
            """, new { memory = "1Gi", concurrency = 10, max_instances = 1, timeout = 300 });
        await DeployOkAsync(Trickle, """
            static readonly TaskCompletionSource s_go = new(TaskCreationOptions.RunContinuationsAsynchronously);
            object Handle(FaasRequest r)
            {
                if (r.Path == "/go") { s_go.TrySetResult(); return "released"; }
                return Chunks();
            }
            async IAsyncEnumerable<string> Chunks()
            {
                yield return "chunk-1\n";
                await s_go.Task;
                yield return "chunk-2\n";
            }
            """, new { concurrency = 2, max_instances = 1 });
        await DeployOkAsync(Writer, """
            using System.IO;
            using System.Runtime.InteropServices;
            static class Native
            {
                [DllImport("libc", SetLastError = true)]
                public static extern nint write(int fd, byte[] buffer, nint count);
            }
            static byte[] Header(int length, byte type, uint id)
            {
                var header = new byte[9];
                BitConverter.TryWriteBytes(header.AsSpan(0, 4), length);
                header[4] = type;
                BitConverter.TryWriteBytes(header.AsSpan(5), id);
                return header;
            }
            object Handle(FaasRequest r)
            {
                if (r.Path == "/stdout")
                {
                    var text = new string('x', 1 << 20);
                    for (var i = 0; i < 200; i++) { Console.Out.Write(text); }
                    Console.Out.Flush();
                    return "flooded";
                }

                var socket = Directory.GetFiles("/proc/self/fd")
                    .First(fd => new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true);
                var bytes = r.Path switch
                {
                    "/oversized" => Header(200 << 20, 4, 1),
                    "/unknown" => Header(0, 99, 1),
                    "/foreign" => Header(0, 7, 123456),
                    _ => Enumerable.Range(0, 20_000).SelectMany(i => Header(0, 7, (uint)(1000 + i))).ToArray(),
                };
                Native.write(int.Parse(Path.GetFileName(socket)), bytes, bytes.Length);
                return "wrote";
            }
            """);
        await DeployOkAsync(Neighbour, "object Handle(FaasRequest r) => \"still here\";");
    }

    [Test]
    public async Task Invoke_TenConcurrent250MBAnswers_GatewayRssGrowsByLittle()
    {
        var pid = Child.Pid!.Value;
        var before = ProcessMemory.RssKiB(pid);
        ProcessMemory.ResetPeak(pid);

        var sizes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => DownloadAsync($"invoke/{Big}")));
        var peak = ProcessMemory.PeakRssKiB(pid);

        TestContext.Progress.WriteLine($"gateway RSS before {before / MiB} MiB, peak during ten 250 MB answers {peak / MiB} MiB");
        Assert.That(sizes, Is.All.EqualTo(250_000_000L));
        // The answers are 2.5 GB together; the old gateway held each whole (and more). Generous bound: 128 MiB in all.
        Assert.That(peak - before, Is.LessThan(128 * MiB), "gateway RSS growth (KiB) while passing 2.5 GB of answers");
    }

    [Test]
    public async Task Invoke_StreamedHandler_FirstChunkArrivesBeforeTheHandlerIsToldToProduceTheSecond()
    {
        using var response = await Admin.GetAsync($"invoke/{Trickle}", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body, Encoding.UTF8);

        var first = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        using var release = await Admin.GetAsync($"invoke/{Trickle}/go");
        var rest = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.TransferEncodingChunked, Is.True);
        Assert.That(first, Is.EqualTo("chunk-1"), "the first chunk arrived while the handler waited to be told to go on");
        Assert.That(await release.Content.ReadAsStringAsync(), Is.EqualTo("released"));
        Assert.That(rest, Is.EqualTo("chunk-2\n"));
    }

    [TestCase("/oversized", "out of range")]
    [TestCase("/unknown", "unknown type 99")]
    [TestCase("/foreign", "not in progress")]
    [TestCase("/flood", "not in progress")]
    public async Task Invoke_HandlerWritesRawBytesToItsSocket_502ALogLineAndTheGatewayUnharmed(string path, string why)
    {
        var pid = Child.Pid!.Value;
        var before = ProcessMemory.RssKiB(pid);

        using var response = await Admin.GetAsync($"invoke/{Writer}{path}");
        var message = await AssertErrorAsync(response, 502, "instance_failed");
        using var neighbour = await Admin.GetAsync($"invoke/{Neighbour}");

        Assert.That(message, Does.Contain("broke the host protocol").And.Contain(why));
        await Eventually.ThatAsync(() => Gateway.Output.Contains("broke the host protocol", StringComparison.Ordinal)
            && Gateway.Output.Contains(why, StringComparison.Ordinal), "a log line names the violation");
        Assert.That(await neighbour.Content.ReadAsStringAsync(), Is.EqualTo("still here"));
        Assert.That(ProcessMemory.RssKiB(pid) - before, Is.LessThan(64 * MiB), "gateway RSS growth (KiB)");
    }

    [Test]
    public async Task Invoke_HandlerFloodsStdoutWithoutNewlines_AnswersAndGatewayRssStaysBounded()
    {
        var pid = Child.Pid!.Value;
        var before = ProcessMemory.RssKiB(pid);
        ProcessMemory.ResetPeak(pid);

        using var response = await Admin.GetAsync($"invoke/{Writer}/stdout");
        using var logs = await Admin.GetAsync($"functions/{Writer}/logs?tail=5");
        var peak = ProcessMemory.PeakRssKiB(pid);

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("flooded"));
        Assert.That(logs.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(peak - before, Is.LessThan(128 * MiB), "gateway RSS growth (KiB) while a handler wrote 200 MiB to stdout");
    }

    private async Task<long> DownloadAsync(string path)
    {
        using var client = Gateway.Client(AdminKey);
        client.Timeout = TimeSpan.FromMinutes(10);
        using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }
}
