using System.Net;
using System.Text.Json.Nodes;
using NUnit.Framework;

namespace Faas.Gateway.Tests.EndToEnd;

/// <summary>Submitting async executions and waiting for them, for the end-to-end fixtures.</summary>
internal static class AsyncCalls
{
    private static readonly string[] s_final = ["succeeded", "failed", "timed_out"];

    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string name, string body = "", string path = "", string? callback = null,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"invoke/{name}{path}") { Content = new StringContent(body) };
        request.Headers.Add("X-Faas-Async", "true");
        if (callback is not null)
        {
            request.Headers.Add("X-Callback-Url", callback);
        }

        foreach (var (key, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(key, value);
        }

        return await client.SendAsync(request);
    }

    public static async Task<string> AcceptedIdAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(202), text);
        var id = JsonNode.Parse(text)!["execution_id"]!.GetValue<string>();
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/executions/{id}"));
        return id;
    }

    /// <summary>Polls until the execution is final; the bound only keeps a broken build from hanging.</summary>
    public static async Task<JsonNode> WaitFinalAsync(HttpClient client, string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            using var response = await client.GetAsync($"executions/{id}");
            var text = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
            var json = JsonNode.Parse(text)!;
            if (s_final.Contains(json["status"]!.GetValue<string>()))
            {
                return json;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"execution {id} did not finish: {text}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Answers one request with 200 and returns its path and body.</summary>
    public static async Task<(string Path, string Body)> ReceiveOneAsync(HttpListener listener)
    {
        var context = await listener.GetContextAsync();
        using var reader = new StreamReader(context.Request.InputStream);
        var body = await reader.ReadToEndAsync();
        context.Response.StatusCode = 200;
        context.Response.Close();
        return (context.Request.Url!.AbsolutePath, body);
    }
}
