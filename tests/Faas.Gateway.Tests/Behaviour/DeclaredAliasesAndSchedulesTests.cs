using Faas.Gateway.Tests.EndToEnd;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Behaviour;

/// <summary>Aliases and schedules declared in faas_config.yaml exist once the gateway has started, and route calls.</summary>
[TestFixture]
public sealed class DeclaredAliasesAndSchedulesTests : GatewayTestBase
{
    protected override bool InProcess => true;

    protected override string ExtraYaml => """
        functions:
          declared:
            code: 'object Handle(FaasRequest r) => "declared";'
            aliases:
              stable: 1
            schedules:
              nightly: { cron: "0 3 * * *", qualifier: stable, body: { task: cleanup } }
        """;

    [Test]
    public async Task Start_DeclaredAliasAndSchedule_ListedAndTheAliasRoutes()
    {
        var aliases = await JsonAsync(await Admin.GetAsync("functions/declared/aliases"));
        var schedules = await JsonAsync(await Admin.GetAsync("functions/declared/schedules"));
        using var call = await Admin.PostAsync("invoke/declared@stable", new StringContent(""));

        Assert.That(aliases["aliases"]!.AsArray().Single()!["name"]!.GetValue<string>(), Is.EqualTo("stable"));
        var schedule = schedules["schedules"]!.AsArray().Single()!;
        Assert.That((schedule["name"]!.GetValue<string>(), schedule["qualifier"]!.GetValue<string>(), schedule["origin"]!.GetValue<string>()),
            Is.EqualTo(("nightly", "stable", "config")));
        Assert.That(await call.Content.ReadAsStringAsync(), Is.EqualTo("declared"));
        Assert.That(call.Headers.GetValues("X-Faas-Version").Single(), Is.EqualTo("1"));
    }
}
