using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Storage.Postgres.Tests.EndToEnd;

/// <summary>Keys made over REST and users across nodes: made on one, used on all, revoked or disabled on one, refused by all.</summary>
public sealed partial class ClusterTests
{
    private const string UserPassword = "correct horse battery staple";

    private HttpClient Anonymous(int node) => _cluster.Nodes[node].Client();

    private HttpClient WithBearer(int node, string credential)
    {
        var client = _cluster.Nodes[node].Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        return client;
    }

    private async Task<TimeSpan> RefusedEverywhereAsync(string credential, string what)
    {
        var clock = Stopwatch.StartNew();
        var seen = await Task.WhenAll(Enumerable.Range(0, _cluster.Nodes.Count).Select(async node =>
        {
            using var client = WithBearer(node, credential);
            await Eventually.ThatAsync(async () =>
            {
                using var response = await client.GetAsync("functions");
                return response.StatusCode == HttpStatusCode.Unauthorized;
            }, $"node {node + 1} refuses the {what}");
            return clock.Elapsed;
        }));
        return seen.Max();
    }

    [Test]
    public async Task Key_MadeOnOneNode_WorksOnEveryNodeAndRevokedOnAnotherIsRefusedByAll()
    {
        using var made = await _nodes[0].PostAsJsonAsync("namespaces/default/keys", new { name = "cluster-ci", scopes = new[] { "invoke", "manage" } });
        var text = await made.Content.ReadAsStringAsync();
        Assert.That(made.StatusCode, Is.EqualTo(HttpStatusCode.Created), text);
        var key = JsonNode.Parse(text)!["key"]!.GetValue<string>();
        foreach (var node in Enumerable.Range(0, _cluster.Nodes.Count))
        {
            using var client = WithBearer(node, key);
            using var response = await client.GetAsync("functions");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"node {node + 1} accepts the key made on node 1 at once");
        }

        using var revoked = await _nodes[1].DeleteAsync("namespaces/default/keys/cluster-ci");
        Assert.That(revoked.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var took = await RefusedEverywhereAsync(key, "revoked key");

        await TestContext.Progress.WriteLineAsync($"key revocation reached every node in {took.TotalMilliseconds:0} ms (nodes remember a key for at most 500 ms; polled every 20 ms)");
    }

    [Test]
    public async Task User_TokenFromOneNode_WorksOnAnotherAndDisabledOnAThirdIsRefusedByAll()
    {
        using (var created = await _nodes[0].PostAsJsonAsync("users", new { username = "cluster-ada", password = UserPassword, @namespace = "default", scopes = new[] { "manage" } }))
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        }

        using var anonymous = Anonymous(1);
        using var login = await anonymous.PostAsJsonAsync("auth/login", new { username = "cluster-ada", password = UserPassword });
        var text = await login.Content.ReadAsStringAsync();
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        var token = JsonNode.Parse(text)!["token"]!.GetValue<string>();
        using (var elsewhere = WithBearer(2, token))
        using (var response = await elsewhere.GetAsync("functions"))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a token signed on node 2 is accepted on node 3 (one secrets key)");
        }

        using var disabled = await _nodes[2].PutAsJsonAsync("users/cluster-ada", new { disabled = true });
        Assert.That(disabled.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var took = await RefusedEverywhereAsync(token, "disabled user's token");

        await TestContext.Progress.WriteLineAsync($"disabling a user reached every node in {took.TotalMilliseconds:0} ms (polled every 20 ms)");
    }
}
