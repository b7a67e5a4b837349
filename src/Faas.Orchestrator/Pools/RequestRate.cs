namespace Faas.Orchestrator.Pools;

/// <summary>Calls started per second over the last <see cref="WindowSeconds"/> seconds, in one-second buckets (not thread-safe: the pool's lock guards it).</summary>
internal sealed class RequestRate
{
    public const int WindowSeconds = 10;

    private readonly long[] _seconds = new long[WindowSeconds];
    private readonly int[] _counts = new int[WindowSeconds];

    public void Record(DateTimeOffset now)
    {
        var second = now.ToUnixTimeSeconds();
        var slot = (int)(second % WindowSeconds);
        if (_seconds[slot] != second)
        {
            _seconds[slot] = second;
            _counts[slot] = 0;
        }

        _counts[slot]++;
    }

    public double PerSecond(DateTimeOffset now)
    {
        var second = now.ToUnixTimeSeconds();
        long total = 0;
        for (var slot = 0; slot < WindowSeconds; slot++)
        {
            var age = second - _seconds[slot];
            if (age is >= 0 and < WindowSeconds)
            {
                total += _counts[slot];
            }
        }

        return total / (double)WindowSeconds;
    }
}
