using Faas.Orchestrator.Functions;

namespace Faas.Orchestrator.Stats.TimeSeries;

internal sealed class FunctionSeriesReader(FunctionTable functions, TimeProvider time) : IFunctionSeriesReader
{
    public FunctionSeries? Read(string function)
    {
        if (!functions.TryGet(function, out var entry))
        {
            return null;
        }

        return entry.Series.Read(function, time.GetUtcNow());
    }

    public FunctionSeries ReadTotal(Func<string, bool> include)
    {
        var now = time.GetUtcNow();
        var steps = SeriesBuilder.NewSteps();
        foreach (var entry in functions.Entries)
        {
            if (include(entry.Record.Name))
            {
                entry.Series.AddTo(steps, FunctionTimeSeries.StepOf(now));
            }
        }

        return SeriesBuilder.Build(null, steps, now);
    }
}
