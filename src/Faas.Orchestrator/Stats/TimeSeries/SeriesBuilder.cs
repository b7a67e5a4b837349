namespace Faas.Orchestrator.Stats.TimeSeries;

/// <summary>Turns <see cref="FunctionTimeSeries.Length"/> accumulated steps ending at the current one into a <see cref="FunctionSeries"/>.</summary>
internal static class SeriesBuilder
{
    /// <summary>Steps in the "last minute" summary.</summary>
    public const int MinuteSteps = 12;

    public static SeriesAccumulator[] NewSteps()
    {
        var steps = new SeriesAccumulator[FunctionTimeSeries.Length];
        for (var i = 0; i < steps.Length; i++)
        {
            steps[i] = new SeriesAccumulator();
        }

        return steps;
    }

    public static FunctionSeries Build(string? function, SeriesAccumulator[] steps, DateTimeOffset now)
    {
        var first = FunctionTimeSeries.StepOf(now) - steps.Length + 1;
        var points = new SeriesPoint[steps.Length];
        for (var i = 0; i < steps.Length; i++)
        {
            var s = steps[i];
            points[i] = new SeriesPoint(
                FunctionTimeSeries.StartOf(first + i), (int)s.Invocations, (int)s.Errors, (int)s.Rejected, (int)s.ColdStarts,
                s.Percentile(0.50), s.Percentile(0.95), s.Percentile(0.99));
        }

        return new FunctionSeries(
            function, FunctionTimeSeries.Step, points,
            Summarize(steps, steps.Length - MinuteSteps, first, now),
            Summarize(steps, 0, first, now));
    }

    private static SeriesSummary Summarize(SeriesAccumulator[] steps, int from, long first, DateTimeOffset now)
    {
        var total = new SeriesAccumulator();
        for (var i = from; i < steps.Length; i++)
        {
            total.Add(steps[i]);
        }

        return Summarize(total, FunctionTimeSeries.StartOf(first + from), now);
    }

    /// <summary>
    /// The steps in <paramref name="total"/>, from <paramref name="start"/> until now: the span ends now, as the
    /// current step is still filling and a rate over whole steps would read low.
    /// </summary>
    public static SeriesSummary Summarize(SeriesAccumulator total, DateTimeOffset start, DateTimeOffset now)
    {
        var span = now - start;
        var requests = total.Invocations + total.Rejected;
        return new SeriesSummary(
            span, total.Invocations, total.Errors, total.Rejected, total.ColdStarts,
            Math.Round(requests / Math.Max(span.TotalSeconds, 1), 3),
            requests == 0 ? 0 : Math.Round((double)(total.Errors + total.Rejected) / requests, 4),
            total.Percentile(0.50), total.Percentile(0.95), total.Percentile(0.99));
    }
}
