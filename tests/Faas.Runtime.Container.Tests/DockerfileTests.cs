using System.Text;
using Faas.Runtime.Container.Docker;
using Faas.Runtime.Container.Image;
using Faas.Runtime.Container.Tests.TestSupport;

namespace Faas.Runtime.Container.Tests;

/// <summary>
/// Builds the top-level Dockerfile through the Engine API (<c>POST /build</c>, no network) on local
/// stand-ins of its base images. Layers are cached by the engine, so reruns with an unchanged tree are quick.
/// </summary>
[NonParallelizable]
public sealed class DockerfileTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromMinutes(10);

    [TestCase("src/Faas.Host/Faas.Host.csproj", "/app/Faas.Host.dll")]
    [TestCase("src/Faas.Gateway/Faas.Gateway.csproj", "/app/Faas.Gateway.dll")]
    public async Task Build_StandInBaseImages_PublishesProjectIntoRuntimeStage(string project, string expectedFile)
    {
        using var docker = await DockerEngine.RequireAsync();
        using var timeout = new CancellationTokenSource(s_bound);
        await StandInImages.EnsureAsync(docker, timeout.Token);
        var context = RepositoryContext();
        var output = new StringBuilder();
        var tag = "faas-platform:test-" + Path.GetFileNameWithoutExtension(project).ToLowerInvariant().Replace('.', '-');

        try
        {
            await docker.BuildImageAsync(tag, new Dictionary<string, string> { ["PROJECT"] = project }, (stream, ct) => context.WriteTarAsync(stream, ct),
                m => output.Append(m.Stream ?? m.Status), timeout.Token);
        }
        catch (DockerApiException ex)
        {
            Assert.Fail($"docker build failed: {ex.DockerMessage}\n{Tail(output.ToString(), 40)}");
        }

        var image = await docker.InspectImageAsync(tag, timeout.Token);
        Assert.That(image, Is.Not.Null);
        Assert.That(image!.Config!.Entrypoint, Is.EqualTo(new[] { "dotnet", "/app/Faas.Gateway.dll" }));
        var container = await docker.CreateContainerAsync("faas-dockerfile-test-" + Guid.NewGuid().ToString("N")[..8],
            new() { Image = tag, NetworkDisabled = true, HostConfig = new() { NetworkMode = "none" } }, timeout.Token);
        try
        {
            Assert.That(await docker.PathExistsAsync(container.Id, expectedFile, timeout.Token), Is.True, expectedFile);
            Assert.That(await docker.PathExistsAsync(container.Id, "/usr/share/dotnet/shared/Microsoft.AspNetCore.App", timeout.Token), Is.True, "runtime stage is the ASP.NET image");
            Assert.That(await docker.PathExistsAsync(container.Id, "/usr/share/dotnet/sdk", timeout.Token), Is.False, "no SDK in the runtime stage");
            if (project.Contains("Gateway", StringComparison.Ordinal))
            {
                Assert.That(await docker.PathExistsAsync(container.Id, "/app/host/Faas.Host.dll", timeout.Token), Is.True, "the host is published beside the gateway");
            }
        }
        finally
        {
            await docker.RemoveContainerAsync(container.Id, CancellationToken.None);
        }
    }

    /// <summary>The build context: what the Dockerfile copies, without bin/ and obj/ (a .dockerignore would do the same).</summary>
    private static RootFilesystem RepositoryContext()
    {
        var root = FindRepositoryRoot();
        var context = new RootFilesystem();
        foreach (var name in new[] { "Dockerfile", "Directory.Build.props", "Directory.Packages.props", ".editorconfig" })
        {
            context.AddFile(Path.Combine(root, name), name);
        }

        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (!relative.Split('/').Any(part => part is "bin" or "obj"))
            {
                context.AddFile(file, relative);
            }
        }

        return context;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dockerfile")) && File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("repository root (with the Dockerfile) not found above " + AppContext.BaseDirectory);
    }

    private static string Tail(string text, int lines) => string.Join('\n', text.Split('\n').TakeLast(lines));
}
