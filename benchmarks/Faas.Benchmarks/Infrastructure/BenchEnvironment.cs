using Faas.Orchestrator.Runtime;

namespace Faas.Benchmarks.Infrastructure;

/// <summary>Where the benchmarks find the built platform, and the names they use so they never touch another platform's state.</summary>
internal static class BenchEnvironment
{
    /// <summary>The runtime image the container suites use: a managed <c>faas-runtime</c> tag of its own, built locally when missing.</summary>
    public const string Image = "faas-runtime:bench";

    /// <summary>cgroup parent of the benchmarks' process instances (not the gateway's <c>faas</c>, which another platform may own).</summary>
    public const string CgroupParent = "faas-bench";

    public const string HelloSource = """
        object Handle(FaasRequest request)
        {
            var data = request.Json();
            return new { message = $"Hello, {(string?)data?["name"] ?? "World"}!" };
        }
        """;

    public const string HelloAnswer = """{"message":"Hello, World!"}""";

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Faas.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("cannot find the repository root (Faas.sln)");
    }

    /// <summary>The host the gateway runs (<c>src/Faas.Gateway/bin/Release/net10.0/host</c>), or <c>FAAS_HOST_DIR</c>.</summary>
    public static HostLayout Host()
    {
        var hostDirectory = Environment.GetEnvironmentVariable("FAAS_HOST_DIR") is { Length: > 0 } custom
            ? custom
            : Path.Combine(RepositoryRoot(), "src", "Faas.Gateway", "bin", "Release", "net10.0", "host");
        if (!File.Exists(Path.Combine(hostDirectory, "Faas.Host.dll")))
        {
            throw new FileNotFoundException($"the host is not built at {hostDirectory}: run 'dotnet build -c Release Faas.sln' first");
        }

        var runtimeDirectory = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        return new HostLayout(Path.GetFullPath(hostDirectory), dotnetRoot);
    }

    /// <summary>A fresh scratch directory under /tmp.</summary>
    public static string NewScratch(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"faas-bench-{prefix}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(path);
        return path;
    }

    public static void DeleteQuietly(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
