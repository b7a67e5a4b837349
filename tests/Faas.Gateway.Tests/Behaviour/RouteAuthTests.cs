using Faas.Gateway.Tests.EndToEnd;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Faas.Gateway.Auth;
using Faas.Gateway.Tests.Auth;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Behaviour;

/// <summary>Walks every route of <see cref="RouteTable"/> with every kind of key and checks 401 / 403 / allowed.</summary>
[TestFixture]
public sealed class RouteAuthTests : GatewayTestBase
{
    protected override bool InProcess => true;

    private const string HashedKey = "hashed-key-only-its-sha256-is-configured";
    private const string RestrictedKey = "restricted-key-1";
    private const string Allowed = "auth-allowed";
    private const string Other = "auth-other";

    /// <summary>Continues the api_keys list of the base config; a failed-authentication budget larger than the walk.</summary>
    protected override string ExtraYaml => $$"""
            - { key_sha256: {{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(HashedKey)))}}, scopes: [invoke, manage], name: hashed }
            - { key: {{RestrictedKey}}, scopes: [invoke, manage], functions: [{{Allowed}}, {{Allowed}}-absent], name: restricted }
        rate_limit:
          auth_failures: { per_minute: 6000, burst: 1000 }   # the wrong key walks every route: more failures than the default budget
        """;

    private sealed record KeyKind(string Label, string? Key, Scope Scopes, bool Valid, string? OnlyFunction)
    {
        public override string ToString() => Label;
    }

    private static readonly KeyKind[] s_keyKinds =
    [
        new("none", null, Scope.None, false, null),
        new("wrong", "wrong-key-never-configured", Scope.None, false, null),
        new("invoke", InvokeKey, Scope.Invoke, true, null),
        new("manage", ManageKey, Scope.Invoke | Scope.Manage, true, null),
        new("admin", AdminKey, Scope.Invoke | Scope.Manage | Scope.Admin, true, null),
        new("hashed", HashedKey, Scope.Invoke | Scope.Manage, true, null),
        new("restricted", RestrictedKey, Scope.Invoke | Scope.Manage, true, Allowed),
    ];

    public static IEnumerable<string> KeyKinds() => s_keyKinds.Select(k => k.Label);

    [OneTimeSetUp]
    public async Task DeployFunctionsAsync()
    {
        await DeployOkAsync(Allowed, "object Handle(FaasRequest r) => \"allowed\";");
        await DeployOkAsync(Other, "object Handle(FaasRequest r) => \"other\";");
    }

    [TestCaseSource(nameof(KeyKinds))]
    public async Task Route_EveryRouteWithKeyKind_AnswersAsTheScopeSays(string label)
    {
        var kind = s_keyKinds.Single(k => k.Label == label);
        using var client = Gateway.Client(kind.Key);
        var failures = new List<string>();

        foreach (var route in RouteTable.All)
        {
            foreach (var function in route.HasFunctionName || route.Pattern == "/functions" && route.Method == "POST" ? new[] { Allowed, Other } : [Allowed])
            {
                using var request = RequestFor(route, function);
                using var response = await client.SendAsync(request);
                var status = (int)response.StatusCode;
                var expected = Expected(route, kind, function);
                var ok = expected switch
                {
                    401 or 403 => status == expected,
                    _ => status is not (401 or 403) && status < 500,
                };
                if (!ok)
                {
                    failures.Add($"{request.Method} {request.RequestUri} with {kind.Label}: got {status}, expected {(expected == 0 ? "allowed" : expected)}: "
                        + await response.Content.ReadAsStringAsync());
                }
                else if (status is 401 or 403)
                {
                    await AssertErrorAsync(response, status);
                }
            }
        }

        Assert.That(failures, Is.Empty);
    }

    [Test]
    public async Task Restricted_Key_SeesAndUsesOnlyItsFunctions()
    {
        using var client = Gateway.Client(RestrictedKey);

        var listed = (await JsonAsync(await client.GetAsync("functions")))["functions"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).ToList();
        using var mine = await client.PostAsync($"invoke/{Allowed}", new StringContent(""));
        using var theirs = await client.PostAsync($"invoke/{Other}", new StringContent(""));
        using var update = await client.PutAsJsonAsync($"functions/{Other}", new { config = new { timeout = 5 } });
        using var delete = await client.DeleteAsync($"functions/{Other}");
        using var stillThere = await Admin.GetAsync($"functions/{Other}");

        Assert.That(listed, Is.EqualTo(new[] { Allowed }));
        Assert.That(await mine.Content.ReadAsStringAsync(), Is.EqualTo("allowed"));
        await AssertErrorAsync(theirs, 403, "forbidden");
        await AssertErrorAsync(update, 403, "forbidden");
        await AssertErrorAsync(delete, 403, "forbidden");
        Assert.That((int)stillThere.StatusCode, Is.EqualTo(200));
    }

    /// <summary>0 means allowed (anything but 401/403 and not a 5xx).</summary>
    private static int Expected(RouteTable.Route route, KeyKind kind, string function)
    {
        if (route.Scope == Scope.None)
        {
            return 0;
        }

        if (!kind.Valid)
        {
            return 401;
        }

        if ((kind.Scopes & route.Scope) == 0)
        {
            return 403;
        }

        if (route.NamesFunctionsInBody && kind.OnlyFunction is not null)
        {
            return 403;
        }

        var namesFunction = route.HasFunctionName || route is { Method: "POST", Pattern: "/functions" };
        return namesFunction && kind.OnlyFunction is { } only && only != function && only + "-absent" != function ? 403 : 0;
    }

    /// <summary>
    /// A harmless request for the route: deploys and updates carry code that does not compile, deletes name an
    /// absent twin of the function (<c>{name}-absent</c>, which the restricted key may use too).
    /// </summary>
    private static HttpRequestMessage RequestFor(RouteTable.Route route, string function)
    {
        var method = route.Method == RouteTable.AnyMethod ? "POST" : route.Method;
        var destructive = method == "DELETE";
        var path = route.Pattern
            .Replace("{name}", destructive ? function + "-absent" : function, StringComparison.Ordinal)
            .Replace("{function}", function + ".openfaas-fn", StringComparison.Ordinal)
            .Replace("{id}", "00000000000000000000000000000000", StringComparison.Ordinal)
            .Replace("{secret}", "no-such-secret", StringComparison.Ordinal)
            .Replace("{runtime_id}", "no-such-instance", StringComparison.Ordinal)
            .Replace("{qualifier}", "1", StringComparison.Ordinal)
            .Replace("{version}", "1", StringComparison.Ordinal)
            .Replace("{alias}", "no-such-alias", StringComparison.Ordinal)
            .Replace("{schedule}", "no-such-schedule", StringComparison.Ordinal)
            .Replace("{ns}", "default", StringComparison.Ordinal)
            .Replace("{key}", "no-such-key", StringComparison.Ordinal)
            .Replace("{username}", "no-such-user", StringComparison.Ordinal)
            .Replace("{**path}", "sub/path", StringComparison.Ordinal);
        var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/'));
        if (method == "POST" && route.Pattern == "/functions")
        {
            request.Content = JsonContent.Create(new { name = function, code = "this is not C#" });
        }
        else if (route.Pattern.StartsWith("/system/", StringComparison.Ordinal) && method is "POST" or "PUT" or "DELETE")
        {
            // OpenFaaS writes: a deployment whose C# does not compile, a secret without a value.
            request.Content = JsonContent.Create(new
            {
                service = function + "-absent",
                functionName = function + "-absent",
                image = "absent:none",
                annotations = new Dictionary<string, string> { ["com.faas.code"] = "this is not C#" },
                name = "no-such-secret",
            });
        }
        else if (method == "PUT")
        {
            request.Content = JsonContent.Create(new { code = "this is not C# either" });
        }
        else if (method == "POST")
        {
            request.Content = new StringContent("");
        }

        return request;
    }
}
