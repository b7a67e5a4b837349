using Faas.Runtime.Container.Docker;
using Faas.Runtime.Container.Image;

namespace Faas.Runtime.Container.Tests.TestSupport;

/// <summary>
/// Local stand-ins for the Dockerfile's base images (nothing can be pulled here), tagged with exactly
/// the names the Dockerfile uses, assembled from this machine's .NET install: an SDK image (with a shell,
/// <c>rm</c>, and the local NuGet cache as an offline feed) and an ASP.NET runtime image. Re-imported only
/// when their content fingerprint changes.
/// </summary>
internal static class StandInImages
{
    public const string Sdk = "mcr.microsoft.com/dotnet/sdk:10.0";
    public const string AspNet = "mcr.microsoft.com/dotnet/aspnet:10.0";
    private const string FingerprintLabel = "faas.standin.fingerprint";
    private const string DotnetRoot = "/usr/share/dotnet";

    public static async Task EnsureAsync(DockerClient docker, CancellationToken cancellationToken)
    {
        var dotnet = FakeHostLayout.DotnetRoot;
        var sdk = new RootFilesystem();
        foreach (var part in new[] { "host", "sdk", "shared", "packs", "sdk-manifests", "metadata" })
        {
            if (Directory.Exists(Path.Combine(dotnet, part)))
            {
                sdk.AddTree(Path.Combine(dotnet, part), DotnetRoot + "/" + part);
            }
        }

        sdk.AddFile(Path.Combine(dotnet, "dotnet"), DotnetRoot + "/dotnet");
        sdk.AddFile("/bin/sh", "/bin/sh");
        sdk.AddFile("/bin/rm", "/bin/rm");
        var packages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        sdk.AddTree(packages, "/root/.nuget/packages");
        sdk.AddText("/root/.nuget/NuGet/NuGet.Config", """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="offline" value="/root/.nuget/packages" />
              </packageSources>
            </configuration>
            """);
        var sdkLibraries = await AddCommonAsync(sdk, dotnet, ["/bin/sh", "/bin/rm"], cancellationToken);

        var aspnet = new RootFilesystem();
        aspnet.AddFile(Path.Combine(dotnet, "dotnet"), DotnetRoot + "/dotnet");
        aspnet.AddTree(Path.Combine(dotnet, "host"), DotnetRoot + "/host");
        aspnet.AddTree(Path.Combine(dotnet, "shared"), DotnetRoot + "/shared");
        var aspnetLibraries = await AddCommonAsync(aspnet, dotnet, [], cancellationToken);

        await ImportIfChangedAsync(docker, Sdk, sdk, Changes(sdkLibraries, sdk: true), cancellationToken);
        await ImportIfChangedAsync(docker, AspNet, aspnet, Changes(aspnetLibraries, sdk: false), cancellationToken);
    }

    private static async Task<IReadOnlyList<string>> AddCommonAsync(RootFilesystem root, string dotnet, IEnumerable<string> extraBinaries, CancellationToken cancellationToken)
    {
        root.AddSymlink("/usr/bin/dotnet", DotnetRoot + "/dotnet");
        var binaries = Directory.EnumerateFiles(Path.Combine(dotnet, "shared"), "*.so", SearchOption.AllDirectories)
            .Where(p => !p.EndsWith("libcoreclrtraceptprovider.so", StringComparison.Ordinal))
            .Append(Path.Combine(dotnet, "dotnet"))
            .Concat(extraBinaries);
        var libraries = await NativeLibraries.ResolveAsync(binaries, cancellationToken);
        foreach (var library in libraries)
        {
            root.AddFile(library, library);
        }

        root.AddText("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n");
        root.AddText("/etc/group", "root:x:0:\nnogroup:x:65534:\n");
        root.AddDirectory("/tmp", (UnixFileMode)0b1_111_111_111);
        root.AddDirectory("/root");
        return [.. libraries.Select(Path.GetDirectoryName).OfType<string>().Distinct(StringComparer.Ordinal)];
    }

    private static List<string> Changes(IReadOnlyList<string> libraryDirectories, bool sdk)
    {
        var changes = new List<string>
        {
            "ENV PATH=" + DotnetRoot + ":/usr/bin:/bin",
            "ENV DOTNET_ROOT=" + DotnetRoot,
            "ENV HOME=/root",
            "ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1",
            "ENV DOTNET_CLI_TELEMETRY_OPTOUT=1",
            "ENV DOTNET_NOLOGO=1",
            "ENV LD_LIBRARY_PATH=" + string.Join(':', libraryDirectories),
        };
        if (sdk)
        {
            changes.AddRange(
            [
                "ENV DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1",
                "ENV DOTNET_CLI_USE_MSBUILD_SERVER=0",
                "ENV MSBUILDDISABLENODEREUSE=1",
                "ENV NUGET_CERT_REVOCATION_MODE=offline",
                "ENV DOTNET_NUGET_SIGNATURE_VERIFICATION=false",
            ]);
        }

        return changes;
    }

    private static async Task ImportIfChangedAsync(DockerClient docker, string image, RootFilesystem root, List<string> changes, CancellationToken cancellationToken)
    {
        var fingerprint = root.Fingerprint(changes);
        var existing = await docker.InspectImageAsync(image, cancellationToken);
        if (existing?.Config?.Labels is { } labels && labels.TryGetValue(FingerprintLabel, out var current) && current == fingerprint)
        {
            TestContext.Progress.WriteLine($"stand-in {image} is up to date");
            return;
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var reference = ImageReference.Parse(image);
        await docker.ImportImageAsync(reference.Repository, reference.Tag, [.. changes, $"LABEL {FingerprintLabel}={fingerprint}"],
            (stream, ct) => root.WriteTarAsync(stream, ct), null, cancellationToken);
        TestContext.Progress.WriteLine($"stand-in {image} imported ({root.Count} entries) in {watch.ElapsedMilliseconds} ms");
    }
}
