namespace Faas.Gateway.Ui.Charts;

/// <summary>
/// One line of a chart: a value per step (null where there is nothing to show, which leaves a gap), its name and
/// colour class. <see cref="Scale"/> turns the values back into counts for <see cref="Total"/> (a rate per second
/// over five-second steps has scale 5); a counted series (<see cref="Counted"/>) shows its total in the legend,
/// any other its latest value.
/// </summary>
public sealed record ChartSeries(string Name, string Key, IReadOnlyList<double?> Values, double Scale = 1, bool Counted = false)
{
    /// <summary>What the line adds up to over the window (for a count or a rate: how many).</summary>
    public double Total => Math.Round(Values.Sum(v => v ?? 0) * Scale, 3);

    /// <summary>The most recent value shown, if any.</summary>
    public double? Latest => Values.LastOrDefault(v => v is not null);

    /// <summary>What the legend shows: the total of a counted series, else the latest value.</summary>
    public double? Legend => Counted ? Total : Latest;
}
