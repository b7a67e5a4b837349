using System.Net;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
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
        using var engine = DockerEngine.Library();
        using var timeout = new CancellationTokenSource(s_bound);
        await StandInImages.EnsureAsync(docker, timeout.Token);
        var output = new StringBuilder();
        string? error = null;
        var tag = "faas-platform:test-" + Path.GetFileNameWithoutExtension(project).ToLowerInvariant().Replace('.', '-');
        using var context = new MemoryStream();
        await RepositoryContext().WriteTarAsync(context, timeout.Token);
        context.Position = 0;

        await engine.Images.BuildImageFromDockerfileAsync(
            new ImageBuildParameters
            {
                Tags = [tag],
                NetworkMode = "none",
                Remove = true,
                ForceRemove = true,
                BuildArgs = new Dictionary<string, string> { ["PROJECT"] = project },
            },
            context,
            null,
            null,
            new ProgressCallback<JSONMessage>(m =>
            {
                output.Append(m.Stream ?? m.Status);
                error ??= m.Error?.Message;
            }),
            timeout.Token);
        if (error is not null)
        {
            Assert.Fail($"docker build failed: {error}\n{Tail(output.ToString(), 40)}");
        }

        var image = await docker.InspectImageAsync(tag, timeout.Token);
        Assert.That(image, Is.Not.Null);
        Assert.That(image!.Config!.Entrypoint, Is.EqualTo(new[] { "dotnet", "/app/Faas.Gateway.dll" }));
        var container = await docker.CreateContainerAsync(
            new CreateContainerParameters
            {
                Name = "faas-dockerfile-test-" + Guid.NewGuid().ToString("N")[..8],
                Image = tag,
                NetworkDisabled = true,
                HostConfig = new HostConfig { NetworkMode = "none" },
            },
            timeout.Token);
        try
        {
            Assert.That(await PathExistsAsync(engine, container.ID, expectedFile, timeout.Token), Is.True, expectedFile);
            Assert.That(await PathExistsAsync(engine, container.ID, "/usr/share/dotnet/shared/Microsoft.AspNetCore.App", timeout.Token), Is.True, "runtime stage is the ASP.NET image");
            Assert.That(await PathExistsAsync(engine, container.ID, "/usr/share/dotnet/sdk", timeout.Token), Is.False, "no SDK in the runtime stage");
            if (project.Contains("Gateway", StringComparison.Ordinal))
            {
                Assert.That(await PathExistsAsync(engine, container.ID, "/app/host/Faas.Host.dll", timeout.Token), Is.True, "the host is published beside the gateway");
            }
        }
        finally
        {
            await docker.RemoveContainerAsync(container.ID, CancellationToken.None);
        }
    }

    /// <summary><c>HEAD /containers/{id}/archive?path=</c>: whether a path exists in a (created) container's file system.</summary>
    private static async Task<bool> PathExistsAsync(IDockerClient engine, string id, string path, CancellationToken cancellationToken)
    {
        try
        {
            await engine.Containers.GetArchiveFromContainerAsync(id, new ContainerPathStatParameters { Path = path }, statOnly: true, cancellationToken);
            return true;
        }
        catch (global::Docker.DotNet.DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
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
