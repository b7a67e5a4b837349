using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Faas.Gateway.Auth;
using Faas.Gateway.Tests.EndToEnd;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Behaviour;

/// <summary>
/// An in-process gateway with keys of two namespaces (<c>default</c> through the base keys, <c>team-a</c>) and a platform
/// admin, for the key, user and sign-in routes. Passwords are hashed with few iterations here: the count is not the point.
/// </summary>
public abstract class AccessTestBase : GatewayTestBase
{
    protected const string TeamAdminKey = "team-a-admin-key-1";
    protected const string TeamAdminOnlyKey = "team-a-admin-only-1";
    protected const string PlatformKey = "platform-admin-key-1";
    protected const string Password = "correct horse battery staple";

    protected override bool InProcess => true;

    protected override string ExtraYaml => $$"""
            - { key: {{TeamAdminKey}}, scopes: [invoke, manage, admin], namespace: team-a, name: team-a-admin }
            - { key: {{TeamAdminOnlyKey}}, scopes: [admin], namespace: team-a, name: team-a-admin-only }
            - { key: {{PlatformKey}}, scopes: [invoke, manage, admin], namespace: "*", name: platform }
        rate_limit:
          auth_failures: { per_minute: 6000, burst: 1000 }
        """;

    protected override void ConfigureInProcess(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton(new PasswordHasher(1000)));

    protected HttpClient Client(string? key) => Gateway.Client(key);

    protected HttpClient TokenClient(string token)
    {
        var client = Gateway.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected static async Task<JsonNode> CreatedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(201), text);
        return JsonNode.Parse(text)!;
    }

    protected async Task<string> CreateKeyAsync(string adminKey, string ns, object body) =>
        (await CreatedAsync(await Client(adminKey).PostAsJsonAsync($"namespaces/{ns}/keys", body)))["key"]!.GetValue<string>();

    protected async Task CreateUserAsync(string adminKey, string username, string ns, params string[] scopes)
    {
        using var response = await Client(adminKey).PostAsJsonAsync("users", new { username, password = Password, @namespace = ns, scopes });
        await CreatedAsync(response);
    }

    protected async Task<HttpResponseMessage> LoginAsync(string username, string password = Password) =>
        await Gateway.Client().PostAsJsonAsync("auth/login", new { username, password });

    protected async Task<string> TokenAsync(string username, string password = Password)
    {
        using var response = await LoginAsync(username, password);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(200), text);
        return JsonNode.Parse(text)!["token"]!.GetValue<string>();
    }
}
