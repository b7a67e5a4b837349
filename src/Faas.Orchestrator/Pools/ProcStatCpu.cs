using System.Globalization;

namespace Faas.Orchestrator.Pools;

/// <summary>
/// <see cref="INodeCpu"/> from the first line of <c>/proc/stat</c>: busy = 1 − (idle + iowait) ÷ all, between the last
/// two samples, taken at most every <see cref="MinInterval"/>. Where there is no <c>/proc/stat</c> the node reads as idle,
/// so the autoscaler never trims on a reading it does not have.
/// </summary>
internal sealed class ProcStatCpu(TimeProvider time, string path = "/proc/stat") : INodeCpu
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(250);

    private readonly Lock _gate = new();
    private long _sampledAt = long.MinValue;
    private (ulong Busy, ulong All) _last;
    private double _busy;

    public double Busy()
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            if (_sampledAt != long.MinValue && time.GetElapsedTime(_sampledAt, now) < MinInterval)
            {
                return _busy;
            }

            if (Read() is not { } sample)
            {
                return 0;
            }

            if (_sampledAt != long.MinValue && sample.All > _last.All)
            {
                _busy = Math.Clamp((double)(sample.Busy - _last.Busy) / (sample.All - _last.All), 0, 1);
            }

            (_last, _sampledAt) = (sample, now);
            return _busy;
        }
    }

    /// <summary>Parses <c>cpu user nice system idle iowait irq softirq steal …</c> (jiffies).</summary>
    internal static (ulong Busy, ulong All)? Parse(string firstLine)
    {
        var fields = firstLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 5 || fields[0] != "cpu")
        {
            return null;
        }

        ulong all = 0, idle = 0;
        for (var i = 1; i < Math.Min(fields.Length, 9); i++)
        {
            if (!ulong.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return null;
            }

            all += value;
            if (i is 4 or 5)
            {
                idle += value;
            }
        }

        return (all - idle, all);
    }

    private (ulong Busy, ulong All)? Read()
    {
        try
        {
            using var reader = new StreamReader(path);
            return reader.ReadLine() is { } line ? Parse(line) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
