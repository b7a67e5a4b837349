using Faas.Orchestrator.Runtime;
using Faas.Runtime.Container.Containers;
using Faas.Runtime.Container.Docker;
using Faas.Runtime.Container.Tests.TestSupport;
using Faas.Tests.Common;

namespace Faas.Runtime.Container.Tests;

/// <summary>
/// Security issue 18 against the real engine: every container runs as its own host uid (leased from the
/// <see cref="SandboxUserPool"/>), which alone owns its socket and secrets; and an image function's network
/// namespace is held by a descriptor taken when it started, never looked up again by pid.
/// </summary>
[NonParallelizable]
public sealed class ContainerIdentityTests
{
    private const int FirstUserId = RuntimeFixture.FirstTestUserId + 500;
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(90);
    private readonly string _platformId = "it-ident-" + Guid.NewGuid().ToString("N")[..6];
    private readonly string _locks = Path.Combine(FakeHostLayout.Root, "uids-" + Guid.NewGuid().ToString("N")[..8]);
    private DockerClient _docker = null!;
    private SandboxUserPool _users = null!;
    private ContainerRuntime _runtime = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        Requirements.RequireDocker();
        _docker = await DockerEngine.RequireAsync();
        await TestImages.EnsureDeclaringAsync(_docker);
        _users = new SandboxUserPool(_locks, FirstUserId, 2);
        _runtime = await RuntimeFixture.StartAsync(RuntimeFixture.Options(_platformId) with { Users = _users });
    }

    [OneTimeTearDown]
    public async Task OneTimeTearDown()
    {
        if (_runtime is not null)
        {
            await _runtime.DisposeAsync();
        }

        _docker?.Dispose();
        if (Directory.Exists(_locks))
        {
            Directory.Delete(_locks, recursive: true);
        }
    }

    [Test]
    public async Task StartAsync_TwoRunningContainers_RunAsDistinctPoolUidsOwningTheirSocketAndSecrets()
    {
        using var socketA = new HostSocket();
        using var socketB = new HostSocket();
        var secretsA = Secrets("a");
        var secretsB = Secrets("b");
        var specA = RuntimeFixture.Spec(socketA, new RecordingLogSink()) with { SecretsDirectory = secretsA };
        var specB = RuntimeFixture.Spec(socketB, new RecordingLogSink()) with { SecretsDirectory = secretsB };

        var started = await Task.WhenAll(_runtime.StartAsync(specA, CancellationToken.None), _runtime.StartAsync(specB, CancellationToken.None));
        var (a, b) = ((ContainerInstance)started[0], (ContainerInstance)started[1]);
        var reports = await Task.WhenAll(socketA.AcceptLineAsync(s_bound), socketB.AcceptLineAsync(s_bound));
        try
        {
            Assert.That(a.UserId, Is.Not.EqualTo(b.UserId));
            foreach (var (instance, report, socket, secrets) in new[] { (a, reports[0], socketA, secretsA), (b, reports[1], socketB, secretsB) })
            {
                var uid = instance.UserId;
                var inspect = await _docker.InspectContainerAsync(instance.RuntimeId, CancellationToken.None);
                Assert.Multiple(() =>
                {
                    Assert.That(uid, Is.InRange(FirstUserId, FirstUserId + 1), "from the pool's range");
                    Assert.That(inspect.Config!.User, Is.EqualTo($"{uid}:{uid}"));
                    Assert.That(EngineProbe.ProcessUids(instance.Pid!.Value), Is.EqualTo(new[] { uid, uid, uid, uid }), "the container's process, seen from the host");
                    Assert.That(report, Does.Contain($"uid={uid};"), report);
                    Assert.That(EngineProbe.OwnerAndMode(Path.Combine(secrets, "token")), Is.EqualTo($"{uid}:{uid} 400"));
                    Assert.That(EngineProbe.OwnerAndMode(secrets), Is.EqualTo($"{uid}:{uid} 500"));
                    Assert.That(EngineProbe.OwnerAndMode(socket.Directory), Is.EqualTo($"{uid}:{uid} 700"));
                    Assert.That(EngineProbe.OwnerAndMode(Path.Combine(socket.Directory, "host.sock")), Is.EqualTo($"{uid}:{uid} 600"));
                });
            }

            Assert.Throws<InstanceStartException>(() => _users.Acquire(), "both uids of the pool are leased while their containers run");
            using var socketC = new HostSocket();
            var third = Assert.ThrowsAsync<InstanceStartException>(() => _runtime.StartAsync(RuntimeFixture.Spec(socketC, NullLogSink.Instance), CancellationToken.None));
            Assert.That(third!.Message, Does.Contain("in use"));

            var freed = a.UserId;
            await a.DisposeAsync();
            Assert.That(await RuntimeFixture.ExistsAsync(_docker, a.RuntimeId), Is.False);
            using var again = _users.Acquire();
            Assert.That(again.UserId, Is.EqualTo(freed), "the lease is released once the container is removed");
        }
        finally
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
            Directory.Delete(secretsA, recursive: true);
            Directory.Delete(secretsB, recursive: true);
        }
    }

    [Test]
    public async Task StartAsync_ImageFunction_HoldsTheNamespaceOpenedAtStartForItsWholeLife()
    {
        var logs = new RecordingLogSink();
        var instance = await _runtime.StartAsync(ImageDeclarationsTests.ImageSpec(logs), CancellationToken.None);
        await ImageDeclarationsTests.ProbeReportAsync(logs, instance);
        var pid = instance.Pid!.Value;
        var handle = ((Faas.Runtime.Container.Containers.ContainerInstance)instance).NetworkNamespace;
        Assert.That(handle, Is.Not.Null);
        var held = NamespaceOf(handle!);
        Assert.That(held, Is.EqualTo(new FileInfo($"/proc/{pid}/ns/net").LinkTarget), "the container's own namespace");
        Assert.That(held, Is.Not.EqualTo(new FileInfo("/proc/self/ns/net").LinkTarget));

        await instance.KillAsync();
        await instance.Exited.WaitAsync(s_bound);
        await EngineProbe.UntilAsync(() => !Directory.Exists($"/proc/{pid}"), s_bound, () => $"process {pid} still exists");

        Assert.That(NamespaceOf(handle!), Is.EqualTo(held), "the handle still names the container's namespace, whatever its pid names now");
        await instance.DisposeAsync();
        Assert.That(handle!.IsClosed, Is.True, "closed with the instance");
    }

    /// <summary>"net:[inode]" of a held namespace descriptor.</summary>
    private static string? NamespaceOf(NetworkNamespaceHandle handle) =>
        new FileInfo($"/proc/self/fd/{handle.DangerousGetHandle()}").LinkTarget;

    private static string Secrets(string value)
    {
        var directory = Path.Combine(FakeHostLayout.Root, "secrets-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(directory, "token"), value);
        return directory;
    }
}
