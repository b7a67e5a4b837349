using NUnit.Framework;

namespace Faas.Cli.Tests.Commands;

[TestFixture]
public sealed class DeleteCommandTests : CliTestBase
{
    [Test]
    public async Task Delete_ExistingFunction_GoneAfterwards()
    {
        var name = UniqueName("doomed");
        await DeployAsync(name, EchoSource);

        var result = await RunExpectingAsync(0, "delete", name);

        Assert.That(result.Out, Does.Contain($"Deleted {name}"));
        await RunExpectingAsync(1, "describe", name);
        await RunExpectingAsync(1, "invoke", name);
    }

    [Test]
    public async Task Delete_UnknownFunction_Exit1NotFound()
    {
        var result = await RunExpectingAsync(1, "rm", UniqueName("never"));

        Assert.That(result.Error, Does.StartWith("error: not_found:"));
    }
}
