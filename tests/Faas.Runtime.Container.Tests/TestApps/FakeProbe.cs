using System.Globalization;
using System.Text;

namespace Faas.Runtime.Container.Tests.TestApps;

/// <summary>
/// <c>FAAS_TEST_MODE=probe</c>: reports on stdout, in one line starting with <c>probe </c>, who it runs as and
/// what is mounted at <c>/data</c> (an image <c>VOLUME</c>), after trying to write
/// <c>FAAS_TEST_PROBE_BYTES</c> (default 5 MiB) there; then waits forever (the watchdog's place).
/// </summary>
public static class FakeProbe
{
    public static int Run()
    {
        var bytes = long.Parse(Environment.GetEnvironmentVariable("FAAS_TEST_PROBE_BYTES") ?? "5242880", CultureInfo.InvariantCulture);
        var report = new StringBuilder("probe ")
            .Append("uid=").Append(Status("Uid")).Append(';')
            .Append("gid=").Append(Status("Gid")).Append(';')
            .Append("datamount=").Append(MountAt("/data")).Append(';')
            .Append("datafill=").Append(Fill("/data/fill", bytes)).Append(';')
            .Append("home=").Append(Environment.GetEnvironmentVariable("HOME")).Append(';');
        Console.Out.WriteLine(report.ToString());
        Console.Out.Flush();
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }

    private static string Status(string name)
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal));
        return line is null ? "?" : line[(name.Length + 1)..].Trim().Split('\t', ' ')[0];
    }

    /// <summary>"fstype options" of the mount at <paramref name="path"/> from mountinfo, or "none".</summary>
    private static string MountAt(string path)
    {
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            if (fields.Length > 4 && fields[4] == path)
            {
                var separator = Array.IndexOf(fields, "-");
                return separator > 0 && fields.Length > separator + 3 ? fields[separator + 1] + " " + fields[separator + 3] : "?";
            }
        }

        return "none";
    }

    /// <summary>"wrote N" when all was written, else "failed after N: ExceptionType".</summary>
    private static string Fill(string path, long bytes)
    {
        var written = 0L;
        try
        {
            using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough);
            var chunk = new byte[256 << 10];
            Array.Fill(chunk, (byte)7);
            while (written < bytes)
            {
                var size = (int)Math.Min(chunk.Length, bytes - written);
                file.Write(chunk, 0, size);
                file.Flush(flushToDisk: true);
                written += size;
            }

            return "wrote " + written.ToString(CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "failed after " + written.ToString(CultureInfo.InvariantCulture) + ": " + ex.GetType().Name;
        }
    }
}
