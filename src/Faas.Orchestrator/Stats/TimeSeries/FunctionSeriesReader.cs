using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Namespaces;

namespace Faas.Orchestrator.Stats.TimeSeries;

internal sealed class FunctionSeriesReader(FunctionTable functions, TimeProvider time) : IFunctionSeriesReader
{
    public FunctionSeries? Read(FunctionKey function)
    {
        if (!functions.TryGet(function, out var entry))
        {
            return null;
        }

        return entry.Series.Read(function.Name, time.GetUtcNow());
    }

    public FunctionSeries ReadTotal(string @namespace, Func<string, bool> include)
    {
        var now = time.GetUtcNow();
        var steps = SeriesBuilder.NewSteps();
        foreach (var entry in functions.In(@namespace))
        {
            if (include(entry.Record.Name))
            {
                entry.Series.AddTo(steps, FunctionTimeSeries.StepOf(now));
            }
        }

        return SeriesBuilder.Build(null, steps, now);
    }
}
