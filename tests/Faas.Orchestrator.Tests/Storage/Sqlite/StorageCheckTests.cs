using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Storage.Sqlite;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Storage.Sqlite;

/// <summary>Start-up checks of the storage path: each problem names the path and the fix.</summary>
[TestFixture]
public sealed class StorageCheckTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("faas-check-").FullName;

    [TearDown]
    public void TearDown()
    {
        File.SetUnixFileMode(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.Delete(_directory, recursive: true);
    }

    private PlatformOptions Options(string storage) => new() { StoragePath = storage };

    [Test]
    public void Run_HealthyStorage_NoProblem()
    {
        var storage = Path.Combine(_directory, "ok");
        File.SetUnixFileMode(_directory, (UnixFileMode)0b111_001_001);
        using (new SqliteFunctionStore(Path.Combine(storage, StorageFiles.Registry), Path.Combine(storage, "artifacts"), TimeProvider.System))
        {
        }

        Assert.That(StorageCheck.Run(Options(storage)), Is.Empty);
    }

    [Test]
    public void Run_DamagedDatabase_NamesTheFileAndRestore()
    {
        var storage = Path.Combine(_directory, "damaged");
        using (new SqliteFunctionStore(Path.Combine(storage, StorageFiles.Registry), Path.Combine(storage, "artifacts"), TimeProvider.System))
        {
        }

        var path = Path.Combine(storage, StorageFiles.Registry);
        var bytes = File.ReadAllBytes(path);
        bytes.AsSpan(100).Fill(0xEE);
        File.WriteAllBytes(path, bytes);

        var problems = StorageCheck.Run(Options(storage));

        Assert.That(problems, Has.One.Contains(path).And.Contains("--restore"));
    }

    [Test]
    public void Run_NotEnoughFreeSpace_SaysHowMuchIsNeeded()
    {
        var problems = StorageCheck.Run(Options(Path.Combine(_directory, "full")), minFreeBytes: long.MaxValue);

        Assert.That(problems, Has.One.Contains("free").And.Contains(Path.Combine(_directory, "full")));
    }

    [Test]
    public void Run_StorageBelowAFile_CannotBeWrittenAndSaysSo()
    {
        File.WriteAllText(Path.Combine(_directory, "file"), "");

        var problems = StorageCheck.Run(Options(Path.Combine(_directory, "file", "storage")));

        Assert.That(problems, Has.One.Contains("cannot be written"));
    }

    [Test]
    public void BlockingAncestor_StorageBelowA0700Directory_IsThatDirectory()
    {
        var locked = Path.Combine(_directory, "locked");
        Directory.CreateDirectory(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(_directory, (UnixFileMode)0b111_001_001);

        Assert.That(SocketPlacement.BlockingAncestor(Path.Combine(locked, "storage")), Is.EqualTo(locked));
        Assert.That(SocketPlacement.BlockingAncestor(Path.Combine(_directory, "open")), Is.Null);
    }

    [Test]
    public void Root_StorageBelowA0700DirectoryAsRoot_SocketsMoveWhereInstancesCanReachThem()
    {
        Requirements.Require(Requirements.IsRoot, "the platform moves sockets out of a 0700 directory only as root");
        var locked = Path.Combine(_directory, "locked");
        Directory.CreateDirectory(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var options = Options(Path.Combine(locked, "storage"));

        var root = SocketPlacement.Root(options);
        var problem = SocketPlacement.Problem(options);

        Assert.That(root, Does.StartWith(SocketPlacement.FallbackRoot + "/"));
        Assert.That(problem, Is.Null);
        Assert.That(SocketPlacement.BlockingAncestor(Path.Combine(root, "instance")), Is.Null, "every directory above the sockets can be traversed");
        Assert.That(File.GetUnixFileMode(root), Is.EqualTo((UnixFileMode)0b111_001_001));
        Directory.Delete(root);
    }
}
