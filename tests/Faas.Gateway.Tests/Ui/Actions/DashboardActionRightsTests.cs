using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Faas.Gateway.Auth;
using Faas.Gateway.Tests.EndToEnd;
using Faas.Gateway.Tests.Hosting;
using Faas.Gateway.Ui.Actions;
using Faas.Gateway.Ui.Auth;
using Faas.Orchestrator.Functions;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Ui.Actions;

/// <summary>The dashboard's deploys and calls go through the same rights, validator and invoker as REST.</summary>
[TestFixture]
public sealed class DashboardActionRightsTests : GatewayTestBase
{
    private const string Echo = """
        object Handle(FaasRequest r) => new { path = r.Path, headers = r.Headers.Keys.OrderBy(k => k).ToArray(), body = r.Text() };
        """;

    private static readonly DashboardCaller s_admin = new("admin", Scope.Invoke | Scope.Manage | Scope.Admin, null);
    private static readonly DashboardCaller s_invoker = new("invoker", Scope.Invoke, null);
    private static readonly DashboardCaller s_limited = new("limited", Scope.Invoke | Scope.Manage, new HashSet<string> { "rights-mine" });

    protected override bool InProcess => true;

    private IServiceProvider Services => ((InProcessGateway)Gateway).Services;

    private DashboardDeployments Deployments => Services.GetRequiredService<DashboardDeployments>();

    private DashboardInvoker Invoker => Services.GetRequiredService<DashboardInvoker>();

    private DashboardActions Actions => Services.GetRequiredService<DashboardActions>();

    [OneTimeSetUp]
    public async Task DeployAsync()
    {
        await DeployOkAsync("rights-mine", Echo);
        await DeployOkAsync("rights-theirs", Echo);
        using var secret = await Admin.PostAsJsonAsync("secrets", new { name = "rights-secret", value = "v" });
    }

    [Test]
    public async Task Create_LimitedKeyOtherFunctionOrInvokeOnlyKey_Forbidden()
    {
        var other = await Deployments.CreateAsync(s_limited, "rights-new", Echo, null, CancellationToken.None);
        var invokeOnly = await Deployments.CreateAsync(s_invoker, "rights-new", Echo, null, CancellationToken.None);

        Assert.That(other.Outcome, Is.EqualTo(DeployOutcome.Forbidden));
        Assert.That(invokeOnly.Outcome, Is.EqualTo(DeployOutcome.Forbidden));
        Assert.That(Actions.Function(s_admin, "rights-new"), Is.Null);
    }

    [Test]
    public async Task Create_CodeThatDoesNotCompile_DiagnosticWithLineAndColumn()
    {
        var result = await Deployments.CreateAsync(s_admin, "rights-broken", "object Handle(FaasRequest r)\n{\n    return 1\n}", null, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(DeployOutcome.CompileFailed));
        Assert.That(result.Diagnostics.Select(d => (d.Id, d.Line)), Does.Contain(("CS1002", 3)));
    }

    [Test]
    public async Task Create_SecretNotGrantedToTheKey_ForbiddenByTheOneValidator()
    {
        var result = await Deployments.CreateAsync(s_limited, "rights-mine", Echo, "{\"secrets\": [\"rights-secret\"]}", CancellationToken.None);
        var update = await Deployments.UpdateAsync(s_limited, "rights-mine", null, "{\"secrets\": [\"rights-secret\"]}", CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(DeployOutcome.AlreadyExists).Or.EqualTo(DeployOutcome.Forbidden));
        Assert.That(update.Outcome, Is.EqualTo(DeployOutcome.Forbidden));
        Assert.That(update.Message, Does.Contain("rights-secret"));
    }

    [Test]
    public async Task Update_ConfigText_MergedIntoTheCurrentSettingsAndCodeKept()
    {
        var before = Actions.Function(s_admin, "rights-mine")!;

        var result = await Deployments.UpdateAsync(s_admin, "rights-mine", null, "{\"timeout\": 7}", CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(DeployOutcome.Updated), result.Message);
        Assert.That(result.Function!.Settings.Timeout, Is.EqualTo(TimeSpan.FromSeconds(7)));
        Assert.That(result.Function.Settings with { Timeout = before.Settings.Timeout }, Is.EqualTo(before.Settings));
        Assert.That(await Actions.CodeAsync(s_admin, "rights-mine", CancellationToken.None), Is.EqualTo(Echo));
    }

    [Test]
    public async Task Update_UnknownConfigKey_InvalidAndNothingChanges()
    {
        var before = Actions.Function(s_admin, "rights-theirs")!.Version;

        var result = await Deployments.UpdateAsync(s_admin, "rights-theirs", null, "{\"colour\": \"red\"}", CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(DeployOutcome.Invalid));
        Assert.That(Actions.Function(s_admin, "rights-theirs")!.Version, Is.EqualTo(before));
    }

    [Test]
    public async Task Invoke_InvokeOnlyKey_AnswersWithoutCredentialOrPlatformHeaders()
    {
        var answer = await Invoker.InvokeAsync(s_invoker,
            new InvokeForm("rights-theirs", "POST", "/sub?x=1", "Authorization: Bearer x\nX-Faas-Async: true\nX-Mine: 1", "hello"), CancellationToken.None);

        Assert.That(answer.Status, Is.EqualTo(200), answer.Body);
        var body = JsonNode.Parse(answer.Body)!;
        Assert.That(body["path"]!.GetValue<string>(), Is.EqualTo("/sub"));
        Assert.That(body["body"]!.GetValue<string>(), Is.EqualTo("hello"));
        Assert.That(body["headers"]!.AsArray().Select(h => h!.GetValue<string>()), Is.EquivalentTo(new[] { "X-Mine", "X-Request-Id" }));
    }

    [Test]
    public async Task Invoke_LimitedKeyOtherFunction_403AsRest()
    {
        var answer = await Invoker.InvokeAsync(s_limited, new InvokeForm("rights-theirs", "POST", "/", "", ""), CancellationToken.None);
        var manageOnly = await Invoker.InvokeAsync(new DashboardCaller("m", Scope.Manage, null), new InvokeForm("rights-mine", "POST", "/", "", ""), CancellationToken.None);

        Assert.That((answer.Status, manageOnly.Status), Is.EqualTo((403, 403)));
        Assert.That(answer.Body, Does.Contain("forbidden"));
    }

    [Test]
    public async Task Invoke_AbsentFunction_404AsRest()
    {
        var answer = await Invoker.InvokeAsync(s_admin, new InvokeForm("rights-absent", "GET", "/", "", ""), CancellationToken.None);

        Assert.That(answer.Status, Is.EqualTo(404));
        Assert.That(answer.Body, Does.Contain("not_found"));
    }

    [Test]
    public void Reads_LimitedOrInvokeOnlyKey_SeeOnlyWhatRestShowsThem()
    {
        Assert.That(Actions.Functions(s_limited).Select(f => f.Name), Is.EqualTo(new[] { "rights-mine" }));
        Assert.That(Actions.Functions(s_invoker), Is.Empty);
        Assert.That(Actions.Series(s_limited, "rights-theirs"), Is.Null);
        Assert.That(Actions.Instances(s_limited), Is.Empty);
        Assert.That(Actions.Totals(s_invoker).Window.Requests, Is.Zero);
    }

    [Test]
    public async Task AliasesAndExecutions_SetThroughRest_ShownToAdminNotToOtherFunctionsKey()
    {
        var version = Actions.Function(s_admin, "rights-theirs")!.Version;
        using var alias = await Admin.PutAsJsonAsync("functions/rights-theirs/aliases/live", new { version });
        using var call = new HttpRequestMessage(HttpMethod.Post, "invoke/rights-theirs") { Content = new StringContent("later") };
        call.Headers.Add("X-Faas-Async", "true");
        using var accepted = await Admin.SendAsync(call);
        var id = (await accepted.Content.ReadFromJsonAsync<JsonObject>())!["execution_id"]!.GetValue<string>();

        var aliases = await Actions.AliasesAsync(s_admin, "rights-theirs", CancellationToken.None);
        var executions = await Actions.ExecutionsAsync(s_admin, "rights-theirs", CancellationToken.None);

        Assert.That(alias.IsSuccessStatusCode, Is.True, await alias.Content.ReadAsStringAsync());
        Assert.That(aliases.Select(a => (a.Name, a.Routes.Single().Version)), Is.EqualTo(new[] { ("live", version) }));
        Assert.That(executions.Select(e => e.Id), Does.Contain(id));
        Assert.That(await Actions.AliasesAsync(s_limited, "rights-theirs", CancellationToken.None), Is.Empty);
        Assert.That(await Actions.ExecutionsAsync(s_limited, "rights-theirs", CancellationToken.None), Is.Empty);
        Assert.That(await Actions.ExecutionsAsync(s_invoker, "rights-theirs", CancellationToken.None), Is.Empty);
    }
}
