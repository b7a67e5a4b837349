using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Faas.Gateway.Tests.Hosting;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Gateway.Tests.EndToEnd;

/// <summary>
/// Starts one gateway for a fixture: by default the real gateway as a child process, functions in the strict
/// sandbox where the machine allows it (root + bubblewrap, as in CI) and as plain processes elsewhere. A fixture
/// whose point is HTTP behaviour sets <see cref="InProcess"/>: the same composition on a test server, functions
/// run by in-process hosts (<see cref="InProcessGateway"/>).
/// </summary>
public abstract class GatewayTestBase
{
    public const string InvokeKey = "invoke-key-1";
    public const string ManageKey = "manage-key-1";
    public const string AdminKey = "admin-key-01";
    private const string StoragePlaceholder = "{{storage}}";

    protected ITestGateway Gateway { get; private set; } = null!;

    /// <summary>The child-process gateway, for fixtures that restart, kill or measure it.</summary>
    protected GatewayProcess Child => Gateway as GatewayProcess ?? throw new InvalidOperationException("this fixture runs the gateway in process");

    /// <summary>True to run the gateway in process on a test server with in-process hosts (HTTP behaviour, not the sandbox).</summary>
    protected virtual bool InProcess => false;

    private HttpClient? _admin;

    /// <summary>A client with the admin key, following the gateway across restarts (new port).</summary>
    protected HttpClient Admin =>
        _admin is not null && _admin.BaseAddress == Gateway.BaseAddress ? _admin : (_admin = Gateway.Client(AdminKey));

    protected static string Isolation =>
        Requirements.IsRoot && File.Exists("/usr/bin/bwrap") ? "strict" : "none";

    /// <summary>Extra YAML under <c>system:</c> (indented two spaces).</summary>
    protected virtual string SystemYaml => "";

    protected virtual string ExtraYaml => "";

    /// <summary>With <see cref="InProcess"/>: replaces services of the in-process gateway after its composition.</summary>
    protected virtual void ConfigureInProcess(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
    }

    protected static string Yaml(string system, string extra) => $$"""
        system:
          function_storage_path: {{StoragePlaceholder}}
          process_isolation_level: {{Isolation}}
          max_request_body_size: 64Ki
        {{system}}
        auth:
          api_keys:
            - { key: {{InvokeKey}}, scopes: [invoke] }
            - { key: {{ManageKey}}, scopes: [invoke, manage] }
            - { key: {{AdminKey}}, scopes: [invoke, manage, admin] }
        {{extra}}
        """;

    [OneTimeSetUp]
    public async Task StartGatewayAsync()
    {
        if (InProcess)
        {
            TestContext.Progress.WriteLine($"{GetType().Name}: in process, in-process hosts");
            Gateway = await InProcessGateway.StartAsync(Yaml(SystemYaml, ExtraYaml), ConfigureInProcess);
            return;
        }

        TestContext.Progress.WriteLine($"{GetType().Name}: process isolation level {Isolation}");
        Gateway = await GatewayProcess.StartAsync(Yaml(SystemYaml, ExtraYaml), new Dictionary<string, string> { ["FAAS_DISABLE_CONTAINER"] = "1" });
    }

    [OneTimeTearDown]
    public async Task StopGatewayAsync()
    {
        _admin?.Dispose();
        if (Gateway is not null)
        {
            if (TestContext.CurrentContext.Result.FailCount > 0)
            {
                TestContext.Progress.WriteLine(Gateway.Output);
            }

            await Gateway.DisposeAsync();
        }
    }

    protected static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    protected async Task<HttpResponseMessage> DeployAsync(string name, string code, object? config = null, HttpClient? client = null)
    {
        var body = new Dictionary<string, object?> { ["name"] = name, ["code"] = code };
        if (config is not null)
        {
            body["config"] = config;
        }

        return await (client ?? Admin).PostAsJsonAsync("functions", body);
    }

    protected async Task DeployOkAsync(string name, string code, object? config = null)
    {
        using var response = await DeployAsync(name, code, config);
        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
    }

    protected Task<HttpResponseMessage> InvokeAsync(string name, string body = "", HttpClient? client = null, string path = "") =>
        (client ?? Admin).PostAsync($"invoke/{name}{path}", new StringContent(body));

    /// <summary>Waits (bounded) until an instance of <paramref name="name"/> is running a call, so a test knows its call is in flight.</summary>
    protected Task WaitUntilBusyAsync(string name, HttpClient? client = null) => WaitForBusyAsync(name, busy => busy >= 1, "became busy", client);

    /// <summary>
    /// Waits (bounded) until no instance of <paramref name="name"/> is running a call. A caller can hold a whole answer
    /// a moment before the gateway lets go of the call's instance: a test that then waits for its next call to be in
    /// flight must first see the earlier one gone.
    /// </summary>
    protected Task WaitUntilIdleAsync(string name, HttpClient? client = null) => WaitForBusyAsync(name, busy => busy == 0, "became idle", client);

    private async Task WaitForBusyAsync(string name, Func<int, bool> reached, string what, HttpClient? client)
    {
        for (var limit = DateTime.UtcNow + TimeSpan.FromSeconds(60); DateTime.UtcNow < limit;)
        {
            var view = await JsonAsync(await (client ?? Admin).GetAsync($"functions/{name}"));
            if (reached(view["instances"]!["busy"]!.GetValue<int>()))
            {
                return;
            }

            await Task.Delay(25);
        }

        Assert.Fail($"no instance of {name} {what} within 60 s");
    }

    protected static async Task<JsonNode> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("empty body");

    /// <summary>
    /// Asserts the status and that the body is a proper <c>{"error": {"code", "message"}}</c>; returns the message. On
    /// OpenFaaS routes (<c>/system/*</c>, <c>/function/*</c>, <c>/async-function/*</c>) errors are plain text, as OpenFaaS
    /// writes them: there the body must be a non-empty <c>text/plain</c> message (which has no code).
    /// </summary>
    protected static async Task<string> AssertErrorAsync(HttpResponseMessage response, int status, string? code = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(status), text);
        if (IsOpenFaasRoute(response.RequestMessage?.RequestUri))
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"), text);
            Assert.That(text.Trim(), Is.Not.Empty);
            return text.TrimEnd('\n');
        }

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"), text);
        var error = JsonNode.Parse(text)?["error"];
        Assert.That(error, Is.Not.Null, text);
        Assert.That(error!["message"]?.GetValue<string>(), Is.Not.Empty, text);
        if (code is not null)
        {
            Assert.That(error["code"]?.GetValue<string>(), Is.EqualTo(code), text);
        }

        return error["message"]!.GetValue<string>();
    }

    private static bool IsOpenFaasRoute(Uri? uri) =>
        uri is not null && uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() is "system" or "function" or "async-function" or "healthz";

    protected static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
