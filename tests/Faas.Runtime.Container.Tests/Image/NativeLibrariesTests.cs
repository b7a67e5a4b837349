using Faas.Runtime.Container.Image;

namespace Faas.Runtime.Container.Tests.Image;

public sealed class NativeLibrariesTests
{
    [Test]
    public void ParseLdd_TypicalOutput_GivesResolvedPathsAndLoader()
    {
        const string output = """
                linux-vdso.so.1 (0x00007ffd)
                libstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f1c)
                liblttng-ust.so.0 => not found
                libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f1b)
                /lib64/ld-linux-x86-64.so.2 (0x00007f1d)
            """;

        Assert.That(NativeLibraries.ParseLdd(output), Is.EqualTo(new[]
        {
            "/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2",
        }));
    }

    [Test]
    public async Task ResolveAsync_Muxer_IncludesLibcAndLoader()
    {
        var muxer = Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", "..", "dotnet");
        Assume.That(File.Exists(muxer), "dotnet muxer not found next to the shared framework");

        var libraries = await NativeLibraries.ResolveAsync([muxer], CancellationToken.None);

        Assert.That(libraries, Has.Some.Contains("libc.so"));
        Assert.That(libraries, Has.Some.Contains("ld-linux"));
    }
}
