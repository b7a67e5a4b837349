using Faas.Orchestrator.Runtime;
using Faas.Runtime.Container.Tests.TestApps;

namespace Faas.Runtime.Container.Tests.TestSupport;

/// <summary>
/// A host directory whose <c>Faas.Host.dll</c> is this test assembly (entry point <see cref="FakeHost"/>),
/// so container tests do not depend on the real host. Rewritten only when the assembly changed, so the
/// runtime image's fingerprint (and the image) is reused between runs.
/// </summary>
internal static class FakeHostLayout
{
    public static string Root { get; } = Path.Combine(Path.GetTempPath(), "faas-container-tests");

    public static string DotnetRoot { get; } = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));

    public static HostLayout Create()
    {
        var directory = Path.Combine(Root, "host");
        Directory.CreateDirectory(directory);
        var assembly = File.ReadAllBytes(typeof(FakeHost).Assembly.Location);
        var target = Path.Combine(directory, "Faas.Host.dll");
        if (!File.Exists(target) || !File.ReadAllBytes(target).AsSpan().SequenceEqual(assembly))
        {
            File.WriteAllBytes(target, assembly);
        }

        var config = System.Text.Json.JsonSerializer.Serialize(new
        {
            runtimeOptions = new
            {
                tfm = "net10.0",
                framework = new { name = "Microsoft.NETCore.App", version = Environment.Version.ToString(2) + ".0" },
                configProperties = new Dictionary<string, object> { ["System.Globalization.Invariant"] = true },
            },
        });
        var configPath = Path.Combine(directory, "Faas.Host.runtimeconfig.json");
        if (!File.Exists(configPath) || File.ReadAllText(configPath) != config)
        {
            File.WriteAllText(configPath, config);
        }

        return new HostLayout(directory, DotnetRoot);
    }
}
