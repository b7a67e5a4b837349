using System.Text;
using Faas.Gateway.Ui.Actions;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Ui.Actions;

[TestFixture]
public sealed class InvokeRequestsTests
{
    private static InvokeForm Form(string method = "post", string path = "/", string headers = "", string body = "") =>
        new("f", method, path, headers, body);

    [Test]
    public void Build_PathWithQueryAndHeaders_RequestAsTheRestRouteBuildsIt()
    {
        var (request, problem) = InvokeRequests.Build(
            Form(path: "/items/7?sort=asc&tag=a&tag=b", headers: "Content-Type: text/plain\r\nX-Trace: 1\n\nAuthorization: Bearer stolen\nX-Faas-Execution-Id: forged", body: "hé"), 1024);

        Assert.That(problem, Is.Null);
        Assert.That(request!.Method, Is.EqualTo("POST"));
        Assert.That(request.Path, Is.EqualTo("/items/7"));
        Assert.That(request.Query, Is.EqualTo(new KeyValuePair<string, string>[] { new("sort", "asc"), new("tag", "a"), new("tag", "b") }));
        Assert.That(request.Headers.Select(h => h.Key), Is.EquivalentTo(new[] { "Content-Type", "X-Trace", "X-Request-Id" }),
            "credentials and X-Faas-* headers never reach the handler");
        Assert.That(request.Headers.Single(h => h.Key == "X-Request-Id").Value, Is.EqualTo(request.RequestId));
        Assert.That(Encoding.UTF8.GetString(request.Body.Span), Is.EqualTo("hé"));
    }

    [TestCase("GET /", "/", "", 400)]
    [TestCase("POST", "no-slash", "", 400)]
    [TestCase("POST", "/", "not a header line", 400)]
    [TestCase("POST", "/", "Bad Name: x", 400)]
    public void Build_BadInput_400(string method, string path, string headers, int status) =>
        Assert.That(InvokeRequests.Build(Form(method, path, headers), 1024).Problem?.Status, Is.EqualTo(status));

    [Test]
    public void Build_BodyOverTheLimit_413() =>
        Assert.That(InvokeRequests.Build(Form(body: new string('x', 11)), 10).Problem?.Status, Is.EqualTo(413));

    [Test]
    public void Build_EmptyMethodAndPath_PostToRoot()
    {
        var request = InvokeRequests.Build(Form(method: " ", path: ""), 10).Request!;

        Assert.That((request.Method, request.Path), Is.EqualTo(("POST", "/")));
    }
}
