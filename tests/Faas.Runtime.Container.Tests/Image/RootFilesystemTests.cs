using System.Formats.Tar;
using Faas.Runtime.Container.Image;

namespace Faas.Runtime.Container.Tests.Image;

public sealed class RootFilesystemTests
{
    [Test]
    public async Task WriteTarAsync_Entries_AreRootOwnedWithParentsFirst()
    {
        var root = new RootFilesystem();
        root.AddText("/etc/passwd", "nobody:x:65534:65534::/:/sbin/nologin\n");
        root.AddSymlink("/usr/bin/dotnet", "/usr/share/dotnet/dotnet");
        root.AddDirectory("/tmp", (UnixFileMode)0b1_111_111_111);
        using var tar = new MemoryStream();

        await root.WriteTarAsync(tar, CancellationToken.None);

        tar.Position = 0;
        var entries = new List<TarEntry>();
        using (var reader = new TarReader(tar))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                entries.Add(entry);
            }
        }

        Assert.That(entries.Select(e => e.Name), Is.EqualTo(new[] { "etc/", "etc/passwd", "tmp/", "usr/", "usr/bin/", "usr/bin/dotnet" }));
        Assert.That(entries.All(e => e.Uid == 0 && e.Gid == 0), Is.True);
        Assert.That(entries.Single(e => e.Name == "usr/bin/dotnet").LinkName, Is.EqualTo("/usr/share/dotnet/dotnet"));
        Assert.That(entries.Single(e => e.Name == "tmp/").Mode.HasFlag(UnixFileMode.StickyBit), Is.True);
    }

    [Test]
    public void Fingerprint_ContentChanges_Changes()
    {
        var a = new RootFilesystem();
        a.AddText("/a", "1");
        var b = new RootFilesystem();
        b.AddText("/a", "2");

        Assert.That(a.Fingerprint([]), Is.Not.EqualTo(b.Fingerprint([])));
        Assert.That(a.Fingerprint(["x"]), Is.Not.EqualTo(a.Fingerprint(["y"])));
        Assert.That(a.Fingerprint(["x"]), Is.EqualTo(a.Fingerprint(["x"])));
    }

    [TestCase("/../etc")]
    [TestCase("/")]
    public void AddText_BadPath_IsRefused(string path) =>
        Assert.That(() => new RootFilesystem().AddText(path, ""), Throws.ArgumentException);
}
