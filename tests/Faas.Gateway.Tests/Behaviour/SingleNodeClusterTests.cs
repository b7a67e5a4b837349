using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Faas.Gateway.Tests.EndToEnd;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Behaviour;

/// <summary>Without a clustered registry nothing about a node changes: it is alone, ready, and its instances carry no node.</summary>
[TestFixture]
public sealed class SingleNodeClusterTests : GatewayTestBase
{
    protected override bool InProcess => true;

    [Test]
    public async Task ClusterNodes_SingleNode_OnlyThisNodeReady()
    {
        var answer = (await Admin.GetFromJsonAsync<JsonObject>("cluster/nodes"))!;

        var node = answer["nodes"]!.AsArray().Single()!;
        Assert.That((string?)node["state"], Is.EqualTo("ready"));
        Assert.That((string?)node["name"], Is.EqualTo((string?)answer["answered_by"]));
        Assert.That((int)answer["ready_nodes"]!, Is.EqualTo(1));
    }

    [Test]
    public async Task ClusterNodes_ManageKey_Forbidden()
    {
        using var manage = Gateway.Client(ManageKey);

        using var response = await manage.GetAsync("cluster/nodes");

        Assert.That((int)response.StatusCode, Is.EqualTo(403));
    }

    [Test]
    public async Task Health_SingleNode_OkAndInstancesCarryNoNode()
    {
        using var anonymous = Gateway.Client();
        using var deployed = await Admin.PostAsJsonAsync("functions", new { name = "alone", code = "object Handle(FaasRequest request) => 1;" });
        using var called = await Admin.PostAsync("invoke/alone", new StringContent(""));

        using var health = await anonymous.GetAsync("health");
        var instances = (await Admin.GetFromJsonAsync<JsonObject>("instances"))!["instances"]!.AsArray();

        Assert.That((int)health.StatusCode, Is.EqualTo(200));
        Assert.That(instances, Is.Not.Empty);
        Assert.That(instances.All(i => i!.AsObject().ContainsKey("node")), Is.False);
    }
}
