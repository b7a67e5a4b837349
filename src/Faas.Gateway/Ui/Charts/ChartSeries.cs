namespace Faas.Gateway.Ui.Charts;

/// <summary>
/// One line of a chart: a value per step (null where there is nothing to show, which leaves a gap), its name and
/// colour class. <see cref="Scale"/> turns the values back into counts for <see cref="Total"/> (a rate per second
/// over five-second steps has scale 5).
/// </summary>
public sealed record ChartSeries(string Name, string Key, IReadOnlyList<double?> Values, double Scale = 1)
{
    /// <summary>What the line adds up to over the window (for a count or a rate: how many).</summary>
    public double Total => Math.Round(Values.Sum(v => v ?? 0) * Scale, 3);

    /// <summary>The most recent value shown, if any.</summary>
    public double? Latest => Values.LastOrDefault(v => v is not null);
}
