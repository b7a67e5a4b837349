using Faas.Cli.Settings;
using NUnit.Framework;

namespace Faas.Cli.Tests.Settings;

[TestFixture]
public sealed class ConfigFileTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Path.Combine(Path.GetTempPath(), "faas-cli-config-" + Guid.NewGuid().ToString("N")[..10]);

    [TearDown]
    public void DeleteDirectory()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Test]
    public void Write_NewFile_OwnerOnlyFileInOwnerOnlyDirectory()
    {
        var file = new ConfigFile(Path.Combine(_directory, "faas", "config.json"));

        file.Write(new StoredConfig("http://127.0.0.1:8000/", "k"));

        Assert.That(File.GetUnixFileMode(file.Path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(File.GetUnixFileMode(Path.Combine(_directory, "faas")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
        Assert.That(file.Read(out _), Is.EqualTo(new StoredConfig("http://127.0.0.1:8000/", "k")));
    }

    [Test]
    public void Write_OverAWorldReadableFile_ReplacedByAnOwnerOnlyOne()
    {
        var file = new ConfigFile(Path.Combine(_directory, "config.json"));
        Directory.CreateDirectory(_directory);
        File.WriteAllText(file.Path, "{}");
        File.SetUnixFileMode(file.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        file.Write(new StoredConfig("http://127.0.0.1:8000/", "new-key"));

        Assert.That(File.GetUnixFileMode(file.Path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(file.Read(out _)!.Key, Is.EqualTo("new-key"));
        Assert.That(Directory.GetFiles(_directory), Has.Length.EqualTo(1), "no temporary file left behind");
    }

    [Test]
    public void Read_NoFile_NullWithoutProblem()
    {
        var config = new ConfigFile(Path.Combine(_directory, "none.json")).Read(out var problem);

        Assert.That(config, Is.Null);
        Assert.That(problem, Is.Null);
    }
}
