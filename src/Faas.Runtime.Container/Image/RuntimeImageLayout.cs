using Faas.Orchestrator.Runtime;

namespace Faas.Runtime.Container.Image;

/// <summary>
/// The content of the platform's runtime image: the <c>dotnet</c> muxer, <c>host/fxr</c> and
/// <c>shared/Microsoft.NETCore.App</c> of the installed runtime, the published host at <c>/faas/host</c>,
/// the shared libraries they need, a minimal <c>/etc/passwd</c> and <c>/etc/group</c>, <c>/tmp</c>
/// and <c>/run/faas</c>. No shell, no package manager.
/// </summary>
internal static class RuntimeImageLayout
{
    public const string DotnetRoot = "/usr/share/dotnet";
    public const string HostDirectory = "/faas/host";
    public const string FingerprintLabel = "faas.image.fingerprint";
    public const string VersionLabel = "faas.platform.version";

    public static async Task<RuntimeImageContent> CreateAsync(HostLayout host, CancellationToken cancellationToken)
    {
        var root = new RootFilesystem();
        var muxer = host.DotnetExecutable;
        if (!File.Exists(muxer))
        {
            throw new FileNotFoundException($"the .NET muxer was not found at {muxer} (HostLayout.DotnetRoot)");
        }

        if (!File.Exists(host.HostAssembly))
        {
            throw new FileNotFoundException($"the published host was not found at {host.HostAssembly} (HostLayout.HostDirectory)");
        }

        root.AddFile(muxer, DotnetRoot + "/dotnet");
        root.AddTree(Path.Combine(host.DotnetRoot, "host", "fxr"), DotnetRoot + "/host/fxr");
        var framework = Path.Combine(host.DotnetRoot, "shared", "Microsoft.NETCore.App");
        root.AddTree(framework, DotnetRoot + "/shared/Microsoft.NETCore.App");
        root.AddTree(host.HostDirectory, HostDirectory);
        root.AddSymlink("/usr/bin/dotnet", DotnetRoot + "/dotnet");

        var binaries = new List<string> { muxer };
        binaries.AddRange(Directory.EnumerateFiles(Path.Combine(host.DotnetRoot, "host", "fxr"), "*.so", SearchOption.AllDirectories));
        binaries.AddRange(Directory.EnumerateFiles(framework, "*.so", SearchOption.AllDirectories)
            .Where(path => !path.EndsWith("libcoreclrtraceptprovider.so", StringComparison.Ordinal)));
        var libraries = await NativeLibraries.ResolveAsync(binaries, cancellationToken).ConfigureAwait(false);
        foreach (var library in libraries)
        {
            root.AddFile(library, library);
        }

        root.AddText("/etc/passwd", "root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\nfaas:x:1000:1000:faas:/tmp:/sbin/nologin\n");
        root.AddText("/etc/group", "root:x:0:\nnogroup:x:65534:\nfaas:x:1000:\n");
        root.AddText("/etc/nsswitch.conf", "passwd: files\ngroup: files\nhosts: files\n");
        root.AddText("/etc/hosts", "127.0.0.1 localhost\n");
        root.AddDirectory("/tmp", (UnixFileMode)0b1_111_111_111);
        root.AddDirectory("/run/faas");
        root.AddDirectory("/root", (UnixFileMode)0b111_000_000);
        var directories = libraries.Select(Path.GetDirectoryName).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return new RuntimeImageContent(root, directories);
    }

    /// <summary>The <c>changes</c> of the import: environment, user, working directory, labels, default command.</summary>
    public static IReadOnlyList<string> Changes(string platformVersion, string fingerprint, string user, IReadOnlyList<string> libraryDirectories) =>
    [
        "ENV PATH=" + DotnetRoot + ":/usr/bin:/bin",
        "ENV DOTNET_ROOT=" + DotnetRoot,
        "ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1",
        "ENV DOTNET_EnableDiagnostics=0",
        "ENV DOTNET_LTTng=0",
        "ENV DOTNET_CLI_TELEMETRY_OPTOUT=1",
        "ENV LD_LIBRARY_PATH=" + string.Join(':', libraryDirectories),
        "USER " + user,
        "WORKDIR /tmp",
        $"LABEL {VersionLabel}={platformVersion}",
        $"LABEL {FingerprintLabel}={fingerprint}",
        $"CMD [\"dotnet\", \"{HostDirectory}/Faas.Host.dll\", \"--connect\", \"{InstanceSpec.SandboxSocketPath}\"]",
    ];
}
