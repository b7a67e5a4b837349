using System.Net;
using System.Net.Sockets;
using Faas.Orchestrator.Executions;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Executions;

[TestFixture]
public sealed class CallbackPolicyTests
{
    private static CallbackTarget Target(string text) => CallbackTarget.Parse(text, out var problem) ?? throw new ArgumentException(problem);

    [TestCase("http://127.0.0.1:8080/x")]
    [TestCase("http://localhost:1234/x")]
    [TestCase("http://[::1]:1234/x")]
    [TestCase("http://10.0.0.1/x")]
    [TestCase("https://example.com/x")]
    public void Problem_NothingAllowed_EveryTargetRefusedWithHowToAllowIt(string url)
    {
        var problem = CallbackPolicy.Problem(url, []);

        Assert.That(problem, Does.Contain("async.callback_allow_hosts").And.Contain("not allowed"));
    }

    [Test]
    public void Problem_LoopbackTargetRefused_MessageNamesTheEntryToAdd()
    {
        Assert.That(CallbackPolicy.Problem("http://127.0.0.1:8080/x", []), Does.Contain("'127.0.0.1:8080'"));
        Assert.That(CallbackPolicy.Problem("https://Hooks.Example.com/x", []), Does.Contain("'hooks.example.com:443'"));
        Assert.That(CallbackPolicy.Problem("http://[::1]:81/x", []), Does.Contain("'[::1]:81'"));
    }

    [TestCase("http://127.0.0.1:8080/x", true)]
    [TestCase("http://127.0.0.1:8081/x", false)]
    [TestCase("http://127.0.0.2:8080/x", false)]
    [TestCase("http://localhost:8080/x", false)]
    [TestCase("https://hooks.internal/x", true)]
    [TestCase("https://HOOKS.internal:443/y", true)]
    [TestCase("http://hooks.internal/x", false)]
    [TestCase("http://[::1]:9000/", true)]
    [TestCase("http://[0:0:0:0:0:0:0:1]:9000/", true)]
    [TestCase("http://user:pw@127.0.0.1:8080/x", false)]
    [TestCase("ftp://127.0.0.1:8080/x", false)]
    [TestCase("/relative", false)]
    public void Problem_ListedTargets_OnlyExactHostAndPortAllowed(string url, bool allowed)
    {
        IReadOnlyList<CallbackTarget> list = [Target("127.0.0.1:8080"), Target("hooks.internal:443"), Target("[::1]:9000")];

        Assert.That(CallbackPolicy.Problem(url, list) is null, Is.EqualTo(allowed), CallbackPolicy.Problem(url, list));
    }

    [TestCase("hooks.example.com:443", "hooks.example.com", 443)]
    [TestCase("Hooks.Example.com:8443", "hooks.example.com", 8443)]
    [TestCase("127.0.0.1:9000", "127.0.0.1", 9000)]
    [TestCase("[::1]:9000", "::1", 9000)]
    [TestCase(" localhost:80 ", "localhost", 80)]
    public void Parse_HostPort_Read(string text, string host, int port)
    {
        var target = CallbackTarget.Parse(text, out var problem);

        Assert.That(problem, Is.Null);
        Assert.That(target, Is.EqualTo(new CallbackTarget(host, port)));
    }

    [TestCase("hooks.example.com")]
    [TestCase("127.0.0.1")]
    [TestCase("hooks.example.com:0")]
    [TestCase("hooks.example.com:65536")]
    [TestCase("hooks.example.com:https")]
    [TestCase("::1:9000")]
    [TestCase("[example.com]:80")]
    [TestCase(":80")]
    [TestCase("exa mple.com:80")]
    [TestCase("")]
    public void Parse_NotHostPort_Problem(string text)
    {
        var target = CallbackTarget.Parse(text, out var problem);

        Assert.That(target, Is.Null);
        Assert.That(problem, Is.Not.Empty);
    }

    [TestCase("hooks.example.com:443", "127.0.0.1", false)]
    [TestCase("hooks.example.com:443", "::1", false)]
    [TestCase("hooks.example.com:443", "169.254.169.254", false)]
    [TestCase("hooks.example.com:443", "fe80::1", false)]
    [TestCase("hooks.example.com:443", "::ffff:127.0.0.1", false)]
    [TestCase("hooks.example.com:443", "0.0.0.0", false)]
    [TestCase("hooks.example.com:443", "224.0.0.1", false)]
    [TestCase("hooks.example.com:443", "93.184.216.34", true)]
    [TestCase("localhost:8080", "127.0.0.1", true)]
    [TestCase("localhost:8080", "10.1.2.3", false)]
    [TestCase("127.0.0.1:8080", "127.0.0.1", true)]
    [TestCase("169.254.169.254:80", "169.254.169.254", true)]
    public void AddressProblem_ResolvedAddress_UsedOnlyWhenTheEntryAllowsIt(string entry, string address, bool allowed)
    {
        Assert.That(CallbackPolicy.AddressProblem(Target(entry), IPAddress.Parse(address)) is null, Is.EqualTo(allowed));
    }

    [Test]
    public async Task Connect_ListedLoopbackTarget_Connects()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        await using var stream = await CallbackConnector.ConnectAsync(new DnsEndPoint("127.0.0.1", port), [new CallbackTarget("127.0.0.1", port)], CancellationToken.None);
        using var accepted = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.That(accepted.Connected, Is.True);
    }

    [Test]
    public void Connect_TargetNotListed_RefusedBeforeConnecting()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var refused = Assert.ThrowsAsync<HttpRequestException>(async () =>
            await CallbackConnector.ConnectAsync(new DnsEndPoint("127.0.0.1", port), [new CallbackTarget("127.0.0.1", port + 1)], CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain("async.callback_allow_hosts"));
        Assert.That(listener.Pending(), Is.False);
    }
}
