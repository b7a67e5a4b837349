using System.Globalization;

namespace Faas.Gateway.Tests.EndToEnd;

/// <summary>A process's resident memory from <c>/proc</c>: the current value, and the peak since <see cref="ResetPeak"/>.</summary>
internal static class ProcessMemory
{
    public static long RssKiB(int pid) => Field(pid, "VmRSS:");

    public static long PeakRssKiB(int pid) => Field(pid, "VmHWM:");

    /// <summary>Resets the peak (<c>VmHWM</c>) to the current RSS (writing 5 to <c>clear_refs</c>; needs root or the same user).</summary>
    public static void ResetPeak(int pid) => File.WriteAllText($"/proc/{pid}/clear_refs", "5");

    private static long Field(int pid, string name)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(name, StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
