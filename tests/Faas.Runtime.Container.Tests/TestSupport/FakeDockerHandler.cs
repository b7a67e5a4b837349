using System.Net;
using System.Text;

namespace Faas.Runtime.Container.Tests.TestSupport;

/// <summary>
/// An in-memory engine: answers each request with the function's reply and records what was asked (the raw
/// path and query as sent). Shared by every library client a <c>DockerClient</c> builds, so disposal is a no-op.
/// </summary>
internal sealed class FakeDockerHandler(Func<HttpRequestMessage, string?, (HttpStatusCode Status, string Body)> reply) : HttpMessageHandler
{
    public List<(HttpMethod Method, string PathAndQuery, string? Body)> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (Requests)
        {
            Requests.Add((request.Method, request.RequestUri!.PathAndQuery, body));
        }

        var (status, text) = reply(request, body);
        return new HttpResponseMessage(status) { Content = new StringContent(text, Encoding.UTF8, "application/json") };
    }

    protected override void Dispose(bool disposing)
    {
    }
}
