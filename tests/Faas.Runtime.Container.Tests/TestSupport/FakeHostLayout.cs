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

    /// <summary>The real published host (referenced by this project), copied next to nothing else.</summary>
    public static HostLayout CreateReal()
    {
        var directory = Path.Combine(Root, "real-host");
        Directory.CreateDirectory(directory);
        foreach (var name in new[] { "Faas.Host.dll", "Faas.Host.runtimeconfig.json", "Faas.Host.deps.json", "Faas.Sdk.dll" })
        {
            CopyIfChanged(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, name)), Path.Combine(directory, name));
        }

        return new HostLayout(directory, DotnetRoot);
    }

    public static HostLayout Create()
    {
        var directory = Path.Combine(Root, "host");
        Directory.CreateDirectory(directory);
        var assembly = File.ReadAllBytes(typeof(FakeHost).Assembly.Location);
        CopyIfChanged(assembly, Path.Combine(directory, "Faas.Host.dll"));

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

    private static void CopyIfChanged(byte[] content, string target)
    {
        if (!File.Exists(target) || !File.ReadAllBytes(target).AsSpan().SequenceEqual(content))
        {
            File.WriteAllBytes(target, content);
        }
    }
}
