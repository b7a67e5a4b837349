using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Gateway.Tests.EndToEnd;

/// <summary>Start-up of the real gateway process: a declared function that cannot be deployed stops it with exit code 1 and why.</summary>
[TestFixture]
public sealed class StartupTests
{
    [Test]
    public void Start_DeclaredFunctionDoesNotCompile_Exits1WithTheDiagnostic()
    {
        var storage = Directory.CreateTempSubdirectory("faas-startup-").FullName;
        try
        {
            var yaml = """
                system:
                  function_storage_path: {{storage}}
                  process_isolation_level: none
                auth:
                  api_keys:
                    - { key: admin-key-01, scopes: [invoke, manage, admin] }
                functions:
                  broken:
                    code: "object Handle(FaasRequest r) => nope;"
                """;

            var failure = Assert.ThrowsAsync<InvalidOperationException>(async () =>
                await GatewayProcess.StartAsync(yaml, new Dictionary<string, string> { ["FAAS_DISABLE_CONTAINER"] = "1" }, storage));

            Assert.That(failure!.Message, Does.Contain("exited with 1 during start-up"));
            Assert.That(failure.Message, Does.Contain("faas: function 'broken' from the config could not be deployed: the handler does not compile"));
            Assert.That(failure.Message, Does.Contain("CS0103"));
        }
        finally
        {
            Directory.Delete(storage, recursive: true);
        }
    }
}
