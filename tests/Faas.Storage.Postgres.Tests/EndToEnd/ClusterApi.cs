using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Faas.Tests.Common;

namespace Faas.Storage.Postgres.Tests.EndToEnd;

/// <summary>The REST calls the cluster tests make.</summary>
internal static class ClusterApi
{
    public static async Task<HttpResponseMessage> DeployAsync(HttpClient client, string name, string code, object? config = null) =>
        await client.PostAsJsonAsync("functions", new { name, code, config = config ?? new { } });

    public static async Task<string?> InvokeTextAsync(HttpClient client, string name, string body = "")
    {
        using var response = await client.PostAsync($"invoke/{name}", new StringContent(body));
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : null;
    }

    public static async Task<bool> KnowsAsync(HttpClient client, string name) =>
        (await client.GetAsync($"functions/{name}")).StatusCode == HttpStatusCode.OK;

    public static async Task<JsonObject> JsonAsync(HttpClient client, string path) => (await client.GetFromJsonAsync<JsonObject>(path))!;

    /// <summary>Waits until every node in <paramref name="clients"/> answers <paramref name="expected"/> for an invocation.</summary>
    public static Task EveryNodeAnswersAsync(IEnumerable<HttpClient> clients, string name, string expected) =>
        Task.WhenAll(clients.Select(c => Eventually.ThatAsync(async () => await InvokeTextAsync(c, name) == expected,
            $"{c.BaseAddress} answers {expected} for {name}")));
}
