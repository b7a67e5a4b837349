using System.Text.Json.Nodes;
using NUnit.Framework;

namespace Faas.Cli.Tests.Commands;

[TestFixture]
public sealed class InvokeCommandTests : CliTestBase
{
    private string _echo = null!;

    [SetUp]
    public async Task DeployEchoAsync()
    {
        _echo = UniqueName("echo");
        await DeployAsync(_echo, """
            object Handle(FaasRequest request) => request.Method + " " + request.Path + " " + request.Header("X-Test") + " " + request.Text();
            """);
    }

    [Test]
    public async Task Invoke_DataFromFile_BodyReachesTheHandler()
    {
        await File.WriteAllTextAsync(Path.Combine(Cli.WorkingDirectory, "payload.txt"), "from a file");

        var result = await RunExpectingAsync(0, "invoke", _echo, "-d", "@payload.txt");

        Assert.That(result.Out, Is.EqualTo("POST / " + " from a file"));
    }

    [Test]
    public async Task Invoke_DataFromStdin_MethodHeaderAndPath_ReachTheHandler()
    {
        var result = await Cli.RunAsync(
            ["invoke", _echo, "-d", "@-", "-X", "put", "-H", "X-Test: yes", "--path", "items/1"], "from stdin", CancellationToken.None);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Out, Is.EqualTo("PUT /items/1 yes from stdin"));
    }

    [Test]
    public async Task Invoke_MissingDataFile_Exit2()
    {
        var result = await RunExpectingAsync(2, "invoke", _echo, "-d", "@nowhere.json");

        Assert.That(result.Error, Does.Contain("cannot read the body from nowhere.json"));
    }

    [Test]
    public async Task Invoke_UnknownFunction_Exit1WithTheCodeAndMessage()
    {
        var result = await RunExpectingAsync(1, "invoke", UniqueName("nobody"));

        Assert.That(result.Error, Does.StartWith("error: not_found: function").And.Contain("(HTTP 404)"));
    }

    [Test]
    public async Task Invoke_HandlerThrows_Exit1WithHandlerError()
    {
        var name = UniqueName("thrower");
        await DeployAsync(name, "object Handle(FaasRequest r) => throw new InvalidOperationException(\"boom\");");

        var result = await RunExpectingAsync(1, "invoke", name);

        Assert.That(result.Error, Does.Contain("error: handler_error:").And.Contain("boom").And.Contain("(HTTP 500)"));
    }

    [Test]
    public async Task Invoke_HandlerAnswersNon2xx_PrintsTheBodyAndExits1()
    {
        var name = UniqueName("teapot");
        await DeployAsync(name, "object Handle(FaasRequest r) => FaasResponse.Text(\"short and stout\", 418);");

        var result = await RunExpectingAsync(1, "invoke", name);

        Assert.That(result.Out, Is.EqualTo("short and stout"));
        Assert.That(result.Error, Does.Contain("the function answered HTTP 418"));
    }

    [Test]
    public async Task Invoke_InvokeOnlyKey_Allowed()
    {
        Cli.Environment["FAAS_API_KEY"] = SharedGateway.InvokeKey;

        var result = await RunExpectingAsync(0, "invoke", _echo, "-d", "k");

        Assert.That(result.Out, Does.EndWith(" k"));
    }

    [Test]
    public async Task Invoke_Async_PrintsTheExecutionIdAsJson()
    {
        var accepted = await JsonOfAsync("invoke", _echo, "--async", "-d", "later", "--json");

        Assert.That((string?)accepted["execution_id"], Does.Match("^[0-9a-f]{32}$"));
    }

    [Test]
    public async Task Invoke_AsyncWait_PrintsTheResultWhenTheExecutionEnds()
    {
        var result = await RunExpectingAsync(0, "invoke", _echo, "--async", "--wait", "-d", "waited for");

        Assert.That(result.Out, Is.EqualTo("POST /  waited for"));
    }

    [Test]
    public async Task Invoke_AsyncWaitOnAFailingHandler_Exit1WithTheExecutionsError()
    {
        var name = UniqueName("asyncfail");
        await DeployAsync(name, "object Handle(FaasRequest r) => throw new InvalidOperationException(\"async boom\");");

        var result = await RunExpectingAsync(1, "invoke", name, "--async", "--wait", "--json");

        var execution = JsonNode.Parse(result.Out)!;
        Assert.That((string?)execution["status"], Is.EqualTo("failed"));
        Assert.That(result.Error, Does.Contain("error: execution failed").And.Contain("async boom"));
    }
}
