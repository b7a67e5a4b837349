using NUnit.Framework;

[SetUpFixture]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1050", Justification = "NUnit: a SetUpFixture outside any namespace covers the whole assembly.")]
public sealed class CliTestAssembly
{
    [OneTimeTearDown]
    public Task StopGatewayAsync() => Faas.Cli.Tests.SharedGateway.StopAsync();
}
