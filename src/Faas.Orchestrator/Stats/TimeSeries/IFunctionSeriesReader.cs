namespace Faas.Orchestrator.Stats.TimeSeries;

/// <summary>The per-function time series the dashboard draws (<see cref="FunctionTimeSeries"/>), read at the current time.</summary>
public interface IFunctionSeriesReader
{
    /// <summary>The function's last 15 minutes; null when it is not deployed.</summary>
    FunctionSeries? Read(Namespaces.FunctionKey function);

    /// <summary>The namespace's functions <paramref name="include"/> accepts (by name), added together (its totals).</summary>
    FunctionSeries ReadTotal(string @namespace, Func<string, bool> include);
}
