using System.Diagnostics;

namespace Faas.Runtime.Container.Image;

/// <summary>
/// Finds the shared libraries (and the dynamic loader) that native binaries need, with <c>ldd</c>,
/// so they can be copied into an image that has no distribution in it.
/// </summary>
internal static class NativeLibraries
{
    /// <summary>Libraries the runtime opens with dlopen (no ldd entry): OpenSSL for System.Security.Cryptography.</summary>
    private static readonly string[] s_dlopened = ["libssl.so.3", "libcrypto.so.3", "libssl.so.1.1", "libcrypto.so.1.1", "libz.so.1"];

    /// <summary>Absolute paths of every library the binaries need, plus dlopen-ed extras found next to them.</summary>
    public static async Task<IReadOnlyList<string>> ResolveAsync(IEnumerable<string> binaries, CancellationToken cancellationToken)
    {
        var libraries = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var binary in binaries)
        {
            foreach (var library in ParseLdd(await RunLddAsync(binary, cancellationToken).ConfigureAwait(false)))
            {
                libraries.Add(library);
            }
        }

        var directories = libraries.Select(Path.GetDirectoryName).OfType<string>().Distinct().ToList();
        foreach (var name in s_dlopened)
        {
            var found = directories.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
            if (found is not null)
            {
                libraries.Add(found);
            }
        }

        return [.. libraries];
    }

    /// <summary>Reads <c>ldd</c> output: <c>libc.so.6 =&gt; /lib/.../libc.so.6 (0x...)</c> and <c>/lib64/ld-linux-x86-64.so.2 (0x...)</c>.</summary>
    internal static IEnumerable<string> ParseLdd(string output)
    {
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.Trim();
            var arrow = line.IndexOf("=>", StringComparison.Ordinal);
            var path = arrow >= 0 ? line[(arrow + 2)..].Trim() : line;
            var paren = path.IndexOf(" (", StringComparison.Ordinal);
            if (paren >= 0)
            {
                path = path[..paren];
            }

            if (path.StartsWith('/'))
            {
                yield return path;
            }
        }
    }

    private static async Task<string> RunLddAsync(string binary, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ldd") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(binary);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ldd could not be started");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        _ = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return await output.ConfigureAwait(false);
    }
}
