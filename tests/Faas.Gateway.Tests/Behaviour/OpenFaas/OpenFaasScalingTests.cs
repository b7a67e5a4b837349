using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Faas.Gateway.Tests.EndToEnd;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Behaviour.OpenFaas;

/// <summary>
/// Issue 14, items 1 and 10, with faas-cli's requests: a function deployed through <c>POST /system/functions</c> is
/// started at deploy (1 replica, or <c>com.openfaas.scale.min</c>) so that <c>faas-cli ready</c> and
/// <c>describe</c> see it running; under sustained load it grows to <c>com.openfaas.scale.max</c> and no further;
/// with <c>com.openfaas.scale.zero</c> an idle function goes to zero replicas and the next call brings it back.
/// </summary>
[TestFixture]
public sealed class OpenFaasScalingTests : GatewayTestBase
{
    private const string Code = "object Handle(FaasRequest r) => \"ok\";";

    protected override bool InProcess => true;

    // A short TTL makes the reaper (which also scales to zero) run every second.
    protected override string SystemYaml => "  warm_instance_ttl: 4";

    private static object Deployment(string name, Dictionary<string, string>? labels = null) => new
    {
        service = name,
        image = "faas-csharp:latest",
        labels,
        annotations = new Dictionary<string, string> { ["com.faas.code"] = Code },
    };

    private async Task DeployAsync(object deployment)
    {
        using var response = await Admin.PostAsJsonAsync("system/functions", deployment);
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
    }

    private async Task<(long Replicas, long Available)> ReplicasAsync(string name)
    {
        var status = JsonNode.Parse(await Admin.GetStringAsync($"system/function/{name}"))!;
        return (status["replicas"]?.GetValue<long>() ?? 0, status["availableReplicas"]?.GetValue<long>() ?? 0);
    }

    /// <summary>Polls (bounded) until <paramref name="condition"/> holds; <paramref name="between"/> runs between polls.</summary>
    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, Func<Task>? between = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), what + " within 60 s");
            if (between is not null)
            {
                await between();
            }
            else
            {
                await Task.Delay(100);
            }
        }
    }

    [Test]
    public async Task Deploy_SystemFunctions_StartsOneReplicaWithoutAnyCall()
    {
        var name = UniqueName("ready");
        await DeployAsync(Deployment(name));

        // faas-cli ready: GET /system/function/{name} until availableReplicas > 0.
        await WaitForAsync(async () => (await ReplicasAsync(name)).Available == 1, "one replica available before the first call");

        Assert.That((await ReplicasAsync(name)).Replicas, Is.EqualTo(1));
        var stats = await JsonAsync(await Admin.GetAsync($"stats/functions/{name}"));
        Assert.That(stats["invocations"]!.GetValue<long>(), Is.Zero);
    }

    [Test]
    public async Task Deploy_ScaleMinLabel_StartsThatManyReplicas()
    {
        var name = UniqueName("min3");
        await DeployAsync(Deployment(name, new() { ["com.openfaas.scale.min"] = "3" }));

        await WaitForAsync(async () => (await ReplicasAsync(name)).Available == 3, "com.openfaas.scale.min replicas");
    }

    [Test]
    public async Task Invoke_SustainedLoadWithScaleMax2_GrowsToTwoReplicasAndNoFurther()
    {
        var name = UniqueName("load");
        await DeployAsync(Deployment(name, new() { ["com.openfaas.scale.max"] = "2" }));
        using var invoker = Gateway.Client(InvokeKey);
        await WaitForAsync(async () => (await ReplicasAsync(name)).Available == 1, "the first replica");

        // One caller in a loop: well above the default target of 5 calls per second per replica.
        async Task LoadAsync()
        {
            for (var i = 0; i < 50; i++)
            {
                using var response = await invoker.PostAsync($"function/{name}", new StringContent(""));
                Assert.That((int)response.StatusCode, Is.EqualTo(200));
            }
        }

        await WaitForAsync(async () => (await ReplicasAsync(name)).Available == 2, "a second replica under sustained load", LoadAsync);
        for (var round = 0; round < 10; round++)
        {
            await LoadAsync();
        }

        var (replicas, available) = await ReplicasAsync(name);
        Assert.That(replicas, Is.EqualTo(2), "com.openfaas.scale.max");
        Assert.That(available, Is.EqualTo(2));
    }

    [Test]
    public async Task Idle_ScaleZeroWithDuration_GoesToZeroAndTheNextCallWakesIt()
    {
        var name = UniqueName("zero");
        await DeployAsync(Deployment(name, new() { ["com.openfaas.scale.zero"] = "true", ["com.openfaas.scale.zero-duration"] = "2s" }));
        await WaitForAsync(async () => (await ReplicasAsync(name)).Available == 1, "started at deploy");

        await WaitForAsync(async () => await ReplicasAsync(name) == (0, 0), "scaled to zero after 2 s idle");
        using var invoker = Gateway.Client(InvokeKey);
        using var woken = await invoker.PostAsync($"function/{name}", new StringContent(""));

        Assert.That(await woken.Content.ReadAsStringAsync(), Is.EqualTo("ok"));
        Assert.That(woken.Headers.GetValues("X-Faas-Cold-Start").Single(), Is.EqualTo("true"));
        Assert.That((await ReplicasAsync(name)).Replicas, Is.EqualTo(1));
    }

    [Test]
    public async Task Idle_WithoutScaleZero_KeepsItsReplica()
    {
        var name = UniqueName("keep");
        await DeployAsync(Deployment(name, new() { ["com.openfaas.scale.zero-duration"] = "1s" }));
        await WaitForAsync(async () => (await ReplicasAsync(name)).Available == 1, "started at deploy");
        var zero = UniqueName("zero-ref");
        await DeployAsync(Deployment(zero, new() { ["com.openfaas.scale.zero"] = "true", ["com.openfaas.scale.zero-duration"] = "1s" }));

        // Once a function with scale.zero went to zero, the reaper has run past 1 s of idleness for both.
        await WaitForAsync(async () => (await ReplicasAsync(zero)).Replicas == 0, "the reference function scaled to zero");

        Assert.That(await ReplicasAsync(name), Is.EqualTo((1L, 1L)), "zero-duration alone does not scale to zero");
    }

    [TestCase("com.openfaas.scale.max", "many")]
    [TestCase("com.openfaas.scale.zero", "yes please")]
    [TestCase("com.openfaas.scale.zero-duration", "15 minutes")]
    [TestCase("com.openfaas.scale.type", "cpu")]
    [TestCase("com.openfaas.scale.target", "0")]
    [TestCase("com.openfaas.scale.target-proportion", "1.5")]
    public async Task Deploy_BadScaleLabel_400NamingIt(string label, string value)
    {
        using var response = await Admin.PostAsJsonAsync("system/functions", Deployment(UniqueName("badlabel"), new() { [label] = value }));

        Assert.That(await AssertErrorAsync(response, 400), Does.Contain(label));
    }
}
