using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using NUnit.Framework;

namespace Faas.Gateway.Tests.EndToEnd;

/// <summary>
/// Issue 18: failed authentications are budgeted per client address BEFORE any key is checked: once the
/// budget is used up, even the right key gets 429 until it refills. On also with <c>rate_limit.enabled: false</c>.
/// </summary>
[TestFixture]
public sealed class AuthFailureLimitTests : GatewayTestBase
{
    protected override string ExtraYaml => """
        rate_limit:
          enabled: false
          auth_failures: { per_minute: 12, burst: 5 }
        """;

    private async Task<HttpResponseMessage> GuessAsync(int attempt)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "functions");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", $"guessed-key-{attempt:D4}-never-valid");
        return await Gateway.Client().SendAsync(request);
    }

    /// <summary>Waits (bounded) until the budget has refilled enough for the right key to pass.</summary>
    private async Task WaitUntilRightKeyPassesAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var response = await Admin.GetAsync("functions");
            if ((int)response.StatusCode == 200)
            {
                return;
            }

            Assert.That((int)response.StatusCode, Is.EqualTo(429), await response.Content.ReadAsStringAsync());
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the failed-authentication budget never refilled");
            await Task.Delay(200);
        }
    }

    [Test]
    public async Task WrongKeys_ManyFromOneAddress_429WithRetryAfterAndThenEvenTheRightKeyUntilRefilled()
    {
        await WaitUntilRightKeyPassesAsync();
        var statuses = new List<int>();
        var rightKeyRefused = false;
        for (var round = 0; round < 3 && !rightKeyRefused; round++)
        {
            // Guess until refused, then try the right key at once (a refill in between only means another round).
            for (var attempt = 0; attempt < 110; attempt++)
            {
                using var guess = await GuessAsync(statuses.Count);
                statuses.Add((int)guess.StatusCode);
                if ((int)guess.StatusCode == 429)
                {
                    await AssertErrorAsync(guess, 429, "rate_limited");
                    Assert.That(guess.Headers.RetryAfter?.Delta, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
                }
            }

            using var right = await Admin.GetAsync("functions");
            rightKeyRefused = (int)right.StatusCode == 429;
            if (rightKeyRefused)
            {
                await AssertErrorAsync(right, 429, "rate_limited");
                Assert.That(right.Headers.RetryAfter?.Delta, Is.Not.Null);
            }
        }

        Assert.That(statuses, Has.Some.EqualTo(429));
        Assert.That(statuses.Count(s => s == 401), Is.LessThan(statuses.Count / 2), "most guesses must be refused unchecked");
        Assert.That(statuses, Has.All.AnyOf(401, 429));
        Assert.That(rightKeyRefused, Is.True, "the right key must wait like any guess once the budget is used up");
        Assert.That(Gateway.Output, Does.Contain("Authentication failed from 127.0.0.1: unknown bearer key"));
        Assert.That(Gateway.Output, Does.Not.Contain("guessed-key-"));

        await WaitUntilRightKeyPassesAsync();
        using var afterRefill = await Admin.GetAsync("functions");
        Assert.That(JsonNode.Parse(await afterRefill.Content.ReadAsStringAsync())!["functions"], Is.Not.Null);
    }

    [Test]
    public async Task Request_WithoutAnyKey_NotCountedAgainstTheBudget()
    {
        await WaitUntilRightKeyPassesAsync();
        using var anonymous = Gateway.Client();
        var statuses = new List<int>();

        for (var i = 0; i < 50; i++)
        {
            using var response = await anonymous.GetAsync("functions");
            statuses.Add((int)response.StatusCode);
        }

        Assert.That(statuses, Has.All.EqualTo(401));
    }
}
