using NUnit.Framework;

namespace Faas.Gateway.Tests.Behaviour;

/// <summary>Failed sign-ins over HTTP: after the budget (3 here) even the right password gets 429 with Retry-After.</summary>
[TestFixture]
public sealed class LoginThrottleTests : AccessTestBase
{
    protected override string ExtraYaml => $$"""
            - { key: {{PlatformKey}}, scopes: [invoke, manage, admin], namespace: "*", name: platform }
        rate_limit:
          auth_failures: { per_minute: 1, burst: 3 }
        """;

    [Test]
    public async Task Login_AfterTheFailureBudget_Returns429WithRetryAfterEvenWithTheRightPassword()
    {
        var username = UniqueName("guessed");
        await CreateUserAsync(AdminKey, username, "default", "invoke");
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await LoginAsync(username, "a wrong password " + i);
            await AssertErrorAsync(wrong, 401, "unauthorized");
        }

        using var right = await LoginAsync(username);

        await AssertErrorAsync(right, 429, "rate_limited");
        Assert.That(right.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(Gateway.Output, Does.Contain("Sign-in refused with 429 for user " + username));
    }
}
