using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.StemCells;
using Faas.Orchestrator.Storage;
using Faas.Tests.Common;
using Microsoft.Extensions.Options;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Instances;

[TestFixture]
public sealed class InstanceLauncherTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static InstanceLauncher Launcher(string storage, InMemorySecretStore? secrets = null) => new(
        Options.Create(new PlatformOptions { StoragePath = storage, ColdStartTimeout = TimeSpan.FromSeconds(60) }),
        new RecordingLogStore(), secrets ?? new InMemorySecretStore(), [], TimeProvider.System);

    [Test]
    public async Task LaunchAsync_SecretMissingFromTheStore_RefusedAndNoSecretsDirectoryLeft()
    {
        var directory = Directory.CreateTempSubdirectory("faas-launcher-").FullName;
        try
        {
            var secrets = new InMemorySecretStore();
            await secrets.CreateAsync(NamespaceName.Default, "present", "1");
            var launcher = Launcher(directory, secrets);
            var record = new FunctionRecord("fn", 1, "code", "hash", new FunctionSettings { Secrets = ["present", "gone"] },
                DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

            var refused = Assert.ThrowsAsync<InstanceStartException>(() =>
                launcher.LaunchAsync(new ModeRecordingRuntime(), record, [], onDemand: false, CancellationToken.None));

            Assert.That(refused!.Message, Does.Contain("secret 'gone' does not exist"));
            Assert.That(Directory.GetDirectories(Path.Combine(directory, "run")), Is.Empty);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task LaunchStemCellAsync_WhenTheRuntimeStarts_SocketDirectoryAndSocketAreOwnerOnlyUnderATraverseOnlyRoot()
    {
        var directory = Directory.CreateTempSubdirectory("faas-launcher-").FullName;
        try
        {
            var root = Path.Combine(directory, "run");
            var launcher = Launcher(directory);
            var runtime = new ModeRecordingRuntime();

            Assert.ThrowsAsync<InstanceStartException>(() =>
                launcher.LaunchStemCellAsync(runtime, ResourceLimits.Default, new CompiledWarmup("Handle", []), CancellationToken.None));

            Assert.Multiple(() =>
            {
                Assert.That(File.GetUnixFileMode(root), Is.EqualTo(OwnerOnly | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute));
                Assert.That(runtime.SocketDirectoryMode, Is.EqualTo(OwnerOnly), "the runtime hands it to the instance's uid");
                Assert.That(runtime.SocketMode, Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Records the modes the launcher prepared, then "starts" a host that exits at once.</summary>
    private sealed class ModeRecordingRuntime : IFunctionRuntime
    {
        public UnixFileMode? SocketDirectoryMode { get; private set; }

        public UnixFileMode? SocketMode { get; private set; }

        public ExecutionMode Mode => ExecutionMode.Process;

        public RuntimeStatus Status => RuntimeStatus.Ready();

        public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IRuntimeInstance> StartAsync(InstanceSpec spec, CancellationToken cancellationToken)
        {
            SocketDirectoryMode = File.GetUnixFileMode(spec.SocketDirectory);
            SocketMode = File.GetUnixFileMode(spec.HostSocketPath);
            return Task.FromResult<IRuntimeInstance>(new ExitedInstance());
        }

        public Task CleanupOrphansAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<FeatureCheck>> CheckSystemAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<FeatureCheck>>([]);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class ExitedInstance : IRuntimeInstance
    {
        public string RuntimeId => "exited";

        public int? Pid => null;

        public Task<InstanceExit> Exited { get; } = Task.FromResult(new InstanceExit(1, false, "exited at once"));

        public ValueTask KillAsync() => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
