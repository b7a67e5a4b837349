using Faas.Runtime.Container.Docker;
using Faas.Runtime.Container.Image;

namespace Faas.Runtime.Container.Tests.TestSupport;

/// <summary>
/// Function images built locally (nothing can be pulled): this machine's .NET runtime and this test assembly as
/// <c>/app/Faas.Host.dll</c> (<see cref="TestApps.FakeHost"/>), run by <c>CMD</c>; the mode and anything an
/// image may declare (VOLUME, HEALTHCHECK) come as import changes. Re-imported only when their content changed.
/// </summary>
internal static class TestImages
{
    /// <summary>
    /// The OpenFaaS-like image's repository: <see cref="TestApps.FakeWatchdog"/> on 127.0.0.1:8080. Its tag is the
    /// content's fingerprint (<see cref="EnsureWatchdogAsync"/>), so test runs of other checkouts sharing the engine,
    /// with another watchdog, never replace the one this run uses.
    /// </summary>
    public const string WatchdogRepository = "faas-test-watchdog";

    /// <summary>An image that declares volumes and a health check, running <see cref="TestApps.FakeProbe"/>.</summary>
    public const string Declaring = "faas-test-declaring:latest";

    public const string DotnetExecutable = "/usr/share/dotnet/dotnet";

    public const string HostAssembly = "/app/Faas.Host.dll";

    /// <summary>Imports the watchdog image when missing; returns its reference (<c>faas-test-watchdog:&lt;fingerprint&gt;</c>).</summary>
    public static Task<string> EnsureWatchdogAsync(DockerClient docker) => EnsureAsync(docker, WatchdogRepository + ":{fingerprint}", ["ENV FAAS_TEST_MODE=watchdog"]);

    public static Task<string> EnsureDeclaringAsync(DockerClient docker) => EnsureAsync(docker, Declaring,
    [
        "ENV FAAS_TEST_MODE=probe",
        "VOLUME /data",
        "VOLUME /var/cache/app/",
        $"HEALTHCHECK --interval=1s --timeout=5s CMD [\"{DotnetExecutable}\", \"--info\"]",
    ]);

    /// <param name="image">The reference; <c>{fingerprint}</c> in it becomes the content's fingerprint.</param>
    private static async Task<string> EnsureAsync(DockerClient docker, string image, IReadOnlyList<string> declarations)
    {
        var layout = FakeHostLayout.Create();
        var dotnet = FakeHostLayout.DotnetRoot;
        var root = new RootFilesystem();
        root.AddFile(Path.Combine(dotnet, "dotnet"), DotnetExecutable);
        root.AddTree(Path.Combine(dotnet, "host"), "/usr/share/dotnet/host");
        root.AddTree(Path.Combine(dotnet, "shared", "Microsoft.NETCore.App"), "/usr/share/dotnet/shared/Microsoft.NETCore.App");
        root.AddFile(Path.Combine(layout.HostDirectory, "Faas.Host.dll"), HostAssembly);
        root.AddFile(Path.Combine(layout.HostDirectory, "Faas.Host.runtimeconfig.json"), "/app/Faas.Host.runtimeconfig.json");
        var binaries = Directory.EnumerateFiles(Path.Combine(dotnet, "shared", "Microsoft.NETCore.App"), "*.so", SearchOption.AllDirectories)
            .Where(p => !p.EndsWith("libcoreclrtraceptprovider.so", StringComparison.Ordinal))
            .Append(Path.Combine(dotnet, "dotnet"));
        var libraries = await NativeLibraries.ResolveAsync(binaries, CancellationToken.None);
        foreach (var library in libraries)
        {
            root.AddFile(library, library);
        }

        root.AddText("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n");
        root.AddDirectory("/tmp", (UnixFileMode)0b1_111_111_111);
        // Writable by anyone in the image itself (not a volume): whether it can be written tells the root file system.
        root.AddDirectory("/scratch", (UnixFileMode)0b1_111_111_111);
        string[] changes =
        [
            "ENV DOTNET_ROOT=/usr/share/dotnet",
            "ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1",
            "ENV DOTNET_EnableDiagnostics=0",
            "ENV LD_LIBRARY_PATH=" + string.Join(':', libraries.Select(Path.GetDirectoryName).OfType<string>().Distinct(StringComparer.Ordinal)),
            .. declarations,
            $"CMD [\"{DotnetExecutable}\", \"{HostAssembly}\"]",
        ];
        var fingerprint = root.Fingerprint(changes);
        image = image.Replace("{fingerprint}", fingerprint[..16].ToLowerInvariant(), StringComparison.Ordinal);
        var existing = await docker.InspectImageAsync(image, CancellationToken.None);
        if (existing?.Config?.Labels is { } labels && labels.TryGetValue("faas.test.fingerprint", out var current) && current == fingerprint)
        {
            return image;
        }

        var reference = ImageReference.Parse(image);
        await docker.ImportImageAsync(reference.Repository, reference.Tag, [.. changes, "LABEL faas.test.fingerprint=" + fingerprint],
            (stream, ct) => root.WriteTarAsync(stream, ct), null, CancellationToken.None);
        return image;
    }
}
