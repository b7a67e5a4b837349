using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Faas.Gateway.Tests.EndToEnd;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Behaviour;

/// <summary>
/// <c>/functions/{name}/objects</c> over HTTP (in process): upload, download with ETag and 304, list, delete; sizes
/// bounded by <c>system.max_object_size</c> (413), bad names 400, unknown functions 404; manage scope writes, invoke
/// or manage reads, a function-limited key reaches only its functions; a handler reads and writes the same objects.
/// </summary>
[TestFixture]
public sealed class ObjectRoutesTests : GatewayTestBase
{
    private const string LimitedKey = "limited-key-01";
    private const string LimitedFunction = "obj-limited";
    private const int MaxObjectBytes = 100 * 1024;

    protected override bool InProcess => true;

    protected override string SystemYaml => "  max_object_size: 100Ki";

    protected override string ExtraYaml => $$"""
            - { key: {{LimitedKey}}, scopes: [invoke, manage], name: limited, functions: [{{LimitedFunction}}] }
        """;

    private const string Code = """
        async Task<object> Handle(FaasRequest r)
        {
            if (r.Path == "/write") { var o = await r.Objects.WriteAsync("from-handler.txt", r.Body); return o.Sha256; }
            var read = await r.Objects.ReadAllBytesAsync(r.Text());
            return read is null ? "missing" : Encoding.UTF8.GetString(read);
        }
        """;

    private string _function = null!;

    [SetUp]
    public async Task DeployAsync()
    {
        _function = UniqueName("obj");
        await DeployOkAsync(_function, Code);
    }

    private static ByteArrayContent Raw(byte[] bytes) => new(bytes);

    private static ByteArrayContent Raw(string text) => Raw(Encoding.UTF8.GetBytes(text));

    [Test]
    public async Task Put_GetListDelete_RoundTripWithHashesAndTimes()
    {
        var content = RandomNumberGenerator.GetBytes(70_000);
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));

        using var created = await Admin.PutAsync($"functions/{_function}/objects/data set.bin", Raw(content));
        using var replaced = await Admin.PutAsync($"functions/{_function}/objects/data set.bin", Raw(content));
        using var downloaded = await Admin.GetAsync($"functions/{_function}/objects/data set.bin");
        var bytes = await downloaded.Content.ReadAsByteArrayAsync();
        var listed = await JsonAsync(await Admin.GetAsync($"functions/{_function}/objects"));
        using var deleted = await Admin.DeleteAsync($"functions/{_function}/objects/data set.bin");
        using var gone = await Admin.GetAsync($"functions/{_function}/objects/data set.bin");
        using var deletedAgain = await Admin.DeleteAsync($"functions/{_function}/objects/data set.bin");

        Assert.That((int)created.StatusCode, Is.EqualTo(201), await created.Content.ReadAsStringAsync());
        Assert.That((await JsonAsync(created))["sha256"]!.GetValue<string>(), Is.EqualTo(sha));
        Assert.That((int)replaced.StatusCode, Is.EqualTo(200));
        Assert.That(downloaded.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(bytes, Is.EqualTo(content));
        Assert.That(downloaded.Headers.ETag?.Tag, Is.EqualTo($"\"{sha}\""));
        Assert.That(downloaded.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/octet-stream"));
        var entry = listed["objects"]!.AsArray().Single()!;
        Assert.That(entry["name"]!.GetValue<string>(), Is.EqualTo("data set.bin"));
        Assert.That(entry["size"]!.GetValue<long>(), Is.EqualTo(70_000));
        Assert.That(entry["sha256"]!.GetValue<string>(), Is.EqualTo(sha));
        Assert.That(entry["updated_at"]!.GetValue<DateTimeOffset>(), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(5)));
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await AssertErrorAsync(gone, 404, "not_found");
        await AssertErrorAsync(deletedAgain, 404, "not_found");
    }

    [Test]
    public async Task Get_IfNoneMatchTheCurrentETag_304WithoutBody()
    {
        using var put = await Admin.PutAsync($"functions/{_function}/objects/a.txt", Raw("version 1"));
        var etag = (await JsonAsync(put))["sha256"]!.GetValue<string>();

        using var current = new HttpRequestMessage(HttpMethod.Get, $"functions/{_function}/objects/a.txt");
        current.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{etag}\""));
        using var notModified = await Admin.SendAsync(current);
        using var stale = new HttpRequestMessage(HttpMethod.Get, $"functions/{_function}/objects/a.txt");
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0000\""));
        using var changed = await Admin.SendAsync(stale);

        Assert.That((int)notModified.StatusCode, Is.EqualTo(304));
        Assert.That(await notModified.Content.ReadAsByteArrayAsync(), Is.Empty);
        Assert.That(notModified.Headers.ETag?.Tag, Is.EqualTo($"\"{etag}\""));
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await changed.Content.ReadAsStringAsync(), Is.EqualTo("version 1"));
    }

    [Test]
    public async Task Put_BeyondMaxObjectSize_413AndNothingStored()
    {
        using var announced = await Admin.PutAsync($"functions/{_function}/objects/big", Raw(new byte[MaxObjectBytes + 1]));
        var chunked = new StreamContent(new MemoryStream(new byte[MaxObjectBytes + 10]));
        using var request = new HttpRequestMessage(HttpMethod.Put, $"functions/{_function}/objects/big-chunked") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var streamed = await Admin.SendAsync(request);
        using var exactly = await Admin.PutAsync($"functions/{_function}/objects/exact", Raw(new byte[MaxObjectBytes]));
        var listed = await JsonAsync(await Admin.GetAsync($"functions/{_function}/objects"));

        Assert.That(await AssertErrorAsync(announced, 413, "payload_too_large"), Does.Contain("100Ki").And.Contain("max_object_size"));
        await AssertErrorAsync(streamed, 413, "payload_too_large");
        Assert.That((int)exactly.StatusCode, Is.EqualTo(201));
        Assert.That(listed["objects"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "exact" }));
    }

    [TestCase("PUT")]
    [TestCase("GET")]
    [TestCase("DELETE")]
    public async Task Object_UnknownFunction_404(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "functions/no-such-fn/objects/a.txt");
        if (method == "PUT")
        {
            request.Content = Raw("x");
        }

        using var response = await Admin.SendAsync(request);
        using var list = await Admin.GetAsync("functions/no-such-fn/objects");

        Assert.That(await AssertErrorAsync(response, 404, "not_found"), Does.Contain("no-such-fn"));
        await AssertErrorAsync(list, 404, "not_found");
    }

    [Test]
    public async Task Put_NameLongerThan255Bytes_400WithTheRule()
    {
        using var tooLong = await Admin.PutAsync($"functions/{_function}/objects/{new string('a', 256)}", Raw("x"));
        using var multibyte = await Admin.PutAsync($"functions/{_function}/objects/{Uri.EscapeDataString(new string('é', 128))}", Raw("x"));
        using var longest = await Admin.PutAsync($"functions/{_function}/objects/{new string('a', 255)}", Raw("x"));

        Assert.That(await AssertErrorAsync(tooLong, 400, "bad_request"), Does.Contain("255 bytes"));
        await AssertErrorAsync(multibyte, 400, "bad_request");
        Assert.That((int)longest.StatusCode, Is.EqualTo(201));
    }

    [Test]
    public async Task Scopes_InvokeKeyReadsButCannotWrite()
    {
        using var put = await Admin.PutAsync($"functions/{_function}/objects/a.txt", Raw("shared"));
        using var invoke = Gateway.Client(InvokeKey);

        using var read = await invoke.GetAsync($"functions/{_function}/objects/a.txt");
        using var list = await invoke.GetAsync($"functions/{_function}/objects");
        using var write = await invoke.PutAsync($"functions/{_function}/objects/b.txt", Raw("no"));
        using var delete = await invoke.DeleteAsync($"functions/{_function}/objects/a.txt");

        Assert.That(await read.Content.ReadAsStringAsync(), Is.EqualTo("shared"));
        Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await AssertErrorAsync(write, 403, "forbidden");
        await AssertErrorAsync(delete, 403, "forbidden");
    }

    [Test]
    public async Task Scopes_FunctionLimitedKey_ReachesOnlyItsFunctionsObjects()
    {
        using var limited = Gateway.Client(LimitedKey);
        using var put = await Admin.PutAsync($"functions/{_function}/objects/a.txt", Raw("not for the limited key"));

        using var read = await limited.GetAsync($"functions/{_function}/objects/a.txt");
        using var list = await limited.GetAsync($"functions/{_function}/objects");
        using var write = await limited.PutAsync($"functions/{_function}/objects/a.txt", Raw("overwritten"));
        using var still = await Admin.GetAsync($"functions/{_function}/objects/a.txt");

        await AssertErrorAsync(read, 403, "forbidden");
        await AssertErrorAsync(list, 403, "forbidden");
        await AssertErrorAsync(write, 403, "forbidden");
        Assert.That(await still.Content.ReadAsStringAsync(), Is.EqualTo("not for the limited key"));
    }

    [Test]
    public async Task Handler_ReadsUploadedAndWritesDownloadable()
    {
        using var put = await Admin.PutAsync($"functions/{_function}/objects/input.txt", Raw("uploaded by REST"));

        using var read = await InvokeAsync(_function, "input.txt");
        using var write = await InvokeAsync(_function, "written by the handler", path: "/write");
        using var downloaded = await Admin.GetAsync($"functions/{_function}/objects/from-handler.txt");

        Assert.That(await read.Content.ReadAsStringAsync(), Is.EqualTo("uploaded by REST"));
        Assert.That(await write.Content.ReadAsStringAsync(), Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData("written by the handler"u8))));
        Assert.That(await downloaded.Content.ReadAsStringAsync(), Is.EqualTo("written by the handler"));
    }

    [Test]
    public async Task DeleteFunction_ItsObjectsGoWithIt()
    {
        using var put = await Admin.PutAsync($"functions/{_function}/objects/a.txt", Raw("old"));

        using var deleted = await Admin.DeleteAsync($"functions/{_function}");
        await DeployOkAsync(_function, Code);
        var listed = await JsonAsync(await Admin.GetAsync($"functions/{_function}/objects"));

        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(listed["objects"]!.AsArray(), Is.Empty);
    }
}
