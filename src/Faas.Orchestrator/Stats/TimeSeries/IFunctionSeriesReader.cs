namespace Faas.Orchestrator.Stats.TimeSeries;

/// <summary>The per-function time series the dashboard draws (<see cref="FunctionTimeSeries"/>), read at the current time.</summary>
public interface IFunctionSeriesReader
{
    /// <summary>The function's last 15 minutes; null when it is not deployed.</summary>
    FunctionSeries? Read(string function);

    /// <summary>The deployed functions <paramref name="include"/> accepts, added together (platform totals).</summary>
    FunctionSeries ReadTotal(Func<string, bool> include);
}
