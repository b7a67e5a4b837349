using System.Net;
using System.Net.Sockets;
using System.Text;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Gateway.Tests.EndToEnd;

/// <summary>
/// Function objects with the real gateway (a child process, Kestrel) and, where the machine allows, the strict
/// sandbox: the files at <c>/var/faas/objects</c> are the objects as of the instance's start, read-only; the SDK
/// reads and writes the current objects over the host connection (the sandbox still has no network); uploads are
/// bounded by <c>system.max_object_size</c>, not by <c>max_request_body_size</c>.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ObjectsTests : GatewayTestBase
{
    protected override string SystemYaml => "  max_object_size: 256Ki";

    private const string Handler = """
        async Task<object> Handle(FaasRequest r)
        {
            var name = r.Text();
            var mounted = System.IO.File.Exists("/var/faas/objects/" + name) ? System.IO.File.ReadAllText("/var/faas/objects/" + name) : "(no file)";
            string writable;
            try { System.IO.File.WriteAllText("/var/faas/objects/" + name, "changed"); writable = "writable"; }
            catch (Exception e) { writable = e.GetType().Name; }
            var current = await r.Objects.ReadAllBytesAsync(name);
            await r.Objects.WriteAsync("seen-" + name, Encoding.UTF8.GetBytes(mounted.ToUpperInvariant()));
            string network;
            try { using var tcp = new System.Net.Sockets.TcpClient(); tcp.Connect("127.0.0.1", int.Parse(r.Header("X-Port")!)); network = "connected"; }
            catch (System.Net.Sockets.SocketException) { network = "no network"; }
            return $"{mounted}|{writable}|{(current is null ? "(none)" : Encoding.UTF8.GetString(current))}|{network}";
        }
        """;

    private async Task<string> CallAsync(string function, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"invoke/{function}") { Content = new StringContent(body) };
        request.Headers.Add("X-Port", Gateway.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await Admin.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text + "\n" + Gateway.Output);
        return text;
    }

    [Test]
    public async Task Sandbox_ObjectsMountedReadOnlyAsOfStartAndTheSdkSeesTheCurrentOnes()
    {
        Requirements.RequireRootSandbox();
        var function = UniqueName("objects");
        await DeployOkAsync(function, Handler);
        using (var put = await Admin.PutAsync($"functions/{function}/objects/input.txt", new StringContent("first version")))
        {
            Assert.That((int)put.StatusCode, Is.EqualTo(201), await put.Content.ReadAsStringAsync());
        }

        var first = await CallAsync(function, "input.txt");
        using (var put = await Admin.PutAsync($"functions/{function}/objects/input.txt", new StringContent("second version")))
        {
            Assert.That((int)put.StatusCode, Is.EqualTo(200), await put.Content.ReadAsStringAsync());
        }

        var second = await CallAsync(function, "input.txt");
        using var seen = await Admin.GetAsync($"functions/{function}/objects/seen-input.txt");

        Assert.That(first, Does.StartWith("first version|").And.EndWith("|first version|no network"));
        Assert.That(first.Split('|')[1], Is.Not.EqualTo("writable"));
        // The warm instance keeps the files it started with; the SDK reads the object as it is now.
        Assert.That(second, Does.StartWith("first version|").And.EndWith("|second version|no network"));
        Assert.That(await seen.Content.ReadAsStringAsync(), Is.EqualTo("FIRST VERSION"));
    }

    [Test]
    public async Task Put_LargerThanMaxRequestBodySize_AcceptedUpToMaxObjectSize()
    {
        var function = UniqueName("objects");
        await DeployOkAsync(function, "object Handle(FaasRequest r) => 1;");

        using var accepted = await Admin.PutAsync($"functions/{function}/objects/big.bin", new ByteArrayContent(new byte[200 * 1024]));
        using var refused = await Admin.PutAsync($"functions/{function}/objects/bigger.bin", new ByteArrayContent(new byte[300 * 1024]));

        Assert.That((int)accepted.StatusCode, Is.EqualTo(201), await accepted.Content.ReadAsStringAsync());
        Assert.That(await AssertErrorAsync(refused, 413, "payload_too_large"), Does.Contain("256Ki"));
    }

    [Test]
    public async Task Put_NameWithNul_400()
    {
        var function = UniqueName("objects");
        await DeployOkAsync(function, "object Handle(FaasRequest r) => 1;");

        // Sent raw: HttpClient would not send a NUL in a path.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, Gateway.BaseAddress.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            $"PUT /functions/{function}/objects/a%00b HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {AdminKey}\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx"));
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer)) > 0)
        {
            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        using var listed = await Admin.GetAsync($"functions/{function}/objects");

        Assert.That(answer.ToString(), Does.StartWith("HTTP/1.1 400"));
        Assert.That(await listed.Content.ReadAsStringAsync(), Is.EqualTo("{\"objects\":[]}"));
    }
}
