using System.Globalization;
using Faas.Runtime.Process.Interop;

namespace Faas.Runtime.Process;

/// <summary>
/// Per-instance file <c>{state}/instances/{id}.pid</c> holding "pid starttime", so orphans of a previous run
/// can be killed without hitting an unrelated process that reused the pid.
/// </summary>
internal static class PidFile
{
    public static string Format(int pid) =>
        string.Create(CultureInfo.InvariantCulture, $"{pid} {StartTime(pid)}\n");

    /// <summary>Field 22 of <c>/proc/{pid}/stat</c> (start time in clock ticks since boot), or 0 if gone.</summary>
    public static long StartTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may contain spaces and parentheses: parse after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[19], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }

    public static void KillIfSameProcess(string file)
    {
        var parts = File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pid)
            && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var start)
            && start != 0 && StartTime(pid) == start)
        {
            Libc.KillProcess(pid);
        }
    }
}
