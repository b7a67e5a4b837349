using Faas.Gateway.Tests.EndToEnd;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Behaviour;

/// <summary>
/// Security issue 18 finding 3: listing a secret in a function is no longer enough to read it. Every create
/// and update of a function that lists a secret needs an admin key or a key named in the secret's grants.
/// </summary>
[TestFixture]
public sealed class SecretGrantTests : GatewayTestBase
{
    protected override bool InProcess => true;

    private const string GrantedKey = "granted-key-01";
    private const string OtherKey = "other-key-0001";
    private const string LimitedKey = "limited-key-01";
    private const string LimitedFunction = "limited-fn";
    private const string Code = "object Handle(FaasRequest request) => \"ok\";";

    // Continues the base fixture's auth.api_keys list (its items are indented four spaces), then adds nothing else.
    protected override string ExtraYaml => $$"""
            - { key: {{GrantedKey}}, scopes: [invoke, manage], name: granted }
            - { key: {{OtherKey}}, scopes: [invoke, manage], name: other }
            - { key: {{LimitedKey}}, scopes: [invoke, manage], name: limited, functions: [{{LimitedFunction}}] }
        """;

    private readonly List<HttpClient> _clients = [];

    [OneTimeTearDown]
    public void DisposeClients() => _clients.ForEach(c => c.Dispose());

    private HttpClient Client(string key)
    {
        var client = Gateway.Client(key);
        _clients.Add(client);
        return client;
    }

    private async Task<string> CreateSecretAsync(params string[] grants)
    {
        var name = UniqueName("grant");
        using var created = await Admin.PostAsJsonAsync("secrets", new { name, value = "v-" + name, grants });
        Assert.That((int)created.StatusCode, Is.EqualTo(201), await created.Content.ReadAsStringAsync());
        return name;
    }

    [Test]
    public async Task Deploy_SecretNotGranted_Returns403NamingTheSecret()
    {
        var secret = await CreateSecretAsync("granted");

        using var response = await DeployAsync(UniqueName("fn"), Code, new { secrets = new[] { secret } }, Client(OtherKey));

        Assert.That(await AssertErrorAsync(response, 403, "forbidden"), Does.Contain($"'{secret}'"));
    }

    [Test]
    public async Task Deploy_SecretMissing_NonAdminGetsTheSame403()
    {
        using var response = await DeployAsync(UniqueName("fn"), Code, new { secrets = new[] { "never-created" } }, Client(OtherKey));

        Assert.That(await AssertErrorAsync(response, 403, "forbidden"), Does.Contain("'never-created'").And.Not.Contain("exist"));
    }

    [Test]
    public async Task Deploy_SecretGrantedToTheKey_Returns201()
    {
        var secret = await CreateSecretAsync("granted");

        using var response = await DeployAsync(UniqueName("fn"), Code, new { secrets = new[] { secret } }, Client(GrantedKey));

        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Deploy_SecretAsAdmin_Returns201WithoutAGrant()
    {
        var secret = await CreateSecretAsync();

        using var response = await DeployAsync(UniqueName("fn"), Code, new { secrets = new[] { secret } });

        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Deploy_FunctionLimitedKeyThroughItsOwnFunction_Returns403()
    {
        var secret = await CreateSecretAsync("granted");

        using var response = await DeployAsync(LimitedFunction, Code, new { secrets = new[] { secret } }, Client(LimitedKey));

        Assert.That(await AssertErrorAsync(response, 403, "forbidden"), Does.Contain($"'{secret}'"));
    }

    [Test]
    public async Task Update_CodeOnlyOfFunctionUsingASecret_Returns403ForKeyNotGrantedAnd200ForGranted()
    {
        var secret = await CreateSecretAsync("granted");
        var name = UniqueName("fn");
        await DeployOkAsync(name, Code, new { secrets = new[] { secret } });

        using var other = await Client(OtherKey).PutAsJsonAsync($"functions/{name}", new { code = "object Handle(FaasRequest r) => \"v2\";" });
        using var granted = await Client(GrantedKey).PutAsJsonAsync($"functions/{name}", new { code = "object Handle(FaasRequest r) => \"v3\";" });

        Assert.That(await AssertErrorAsync(other, 403, "forbidden"), Does.Contain($"'{secret}'"));
        Assert.That((int)granted.StatusCode, Is.EqualTo(200), await granted.Content.ReadAsStringAsync());
        Assert.That((await JsonAsync(granted))["version"]!.GetValue<long>(), Is.EqualTo(2));
    }

    [Test]
    public async Task OpenFaasDeploy_SecretNotGranted_Returns403()
    {
        var secret = await CreateSecretAsync("granted");
        var deployment = new
        {
            service = UniqueName("of"),
            image = "faas-csharp:latest",
            secrets = new[] { secret },
            annotations = new Dictionary<string, string> { ["com.faas.code"] = Code },
        };

        using var other = await Client(OtherKey).PostAsJsonAsync("system/functions", deployment);
        using var granted = await Client(GrantedKey).PostAsJsonAsync("system/functions", deployment);

        Assert.That(await AssertErrorAsync(other, 403, "forbidden"), Does.Contain($"'{secret}'"));
        Assert.That((int)granted.StatusCode, Is.EqualTo(202), await granted.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Grants_SetOnCreateChangedOnPut_ShownInListAndDecideDeploys()
    {
        var secret = await CreateSecretAsync("granted");
        Assert.That(await GrantsAsync(secret), Is.EqualTo(new[] { "granted" }));

        using (var put = await Admin.PutAsJsonAsync($"secrets/{secret}", new { grants = new[] { "granted", "other" } }))
        {
            Assert.That((int)put.StatusCode, Is.EqualTo(200), await put.Content.ReadAsStringAsync());
            Assert.That((await JsonAsync(put))["grants"]!.AsArray().Select(g => g!.GetValue<string>()), Is.EqualTo(new[] { "granted", "other" }));
        }

        using var deployed = await DeployAsync(UniqueName("fn"), Code, new { secrets = new[] { secret } }, Client(OtherKey));
        Assert.That((int)deployed.StatusCode, Is.EqualTo(201), await deployed.Content.ReadAsStringAsync());

        using (var bad = await Admin.PutAsJsonAsync($"secrets/{secret}", new { grants = new[] { "" } }))
        {
            await AssertErrorAsync(bad, 400);
        }

        using (var empty = await Admin.PutAsJsonAsync($"secrets/{secret}", new { }))
        {
            await AssertErrorAsync(empty, 400);
        }

        Assert.That(await GrantsAsync(secret), Is.EqualTo(new[] { "granted", "other" }));
    }

    private async Task<IReadOnlyList<string>> GrantsAsync(string secret)
    {
        var list = await JsonAsync(await Admin.GetAsync("secrets"));
        var entry = list["secrets"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == secret)!;
        return entry["grants"]!.AsArray().Select(g => g!.GetValue<string>()).ToList();
    }
}
