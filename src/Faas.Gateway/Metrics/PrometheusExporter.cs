using System.Diagnostics.Metrics;

namespace Faas.Gateway.Metrics;

/// <summary>
/// Listens to the instruments of the chosen meters and renders what they measured in the
/// Prometheus text format 0.0.4. Observable instruments are read at each collection.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    private readonly MeterListener _listener;
    private readonly HashSet<string> _meterNames;
    private readonly object? _scope;
    private readonly Lock _statesGate = new();
    private readonly List<InstrumentState> _states = [];
    private readonly Lock _collectGate = new();

    /// <param name="meterNames">Meters to export, by name.</param>
    /// <param name="scope">When set, only meters with this <see cref="Meter.Scope"/> (the app's <see cref="IMeterFactory"/>).</param>
    public PrometheusExporter(IEnumerable<string> meterNames, object? scope)
    {
        _meterNames = new HashSet<string>(meterNames, StringComparer.Ordinal);
        _scope = scope;
        _listener = new MeterListener
        {
            InstrumentPublished = Publish,
            MeasurementsCompleted = (_, state) => Forget(state as InstrumentState),
        };
        _listener.SetMeasurementEventCallback<byte>((_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>((_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>((_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>((_, value, tags, state) => ((InstrumentState)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>Reads the observable instruments and renders every family.</summary>
    public string Collect()
    {
        lock (_collectGate)
        {
            List<InstrumentState> states;
            lock (_statesGate)
            {
                states = [.. _states];
            }

            foreach (var state in states)
            {
                state.ClearObservations();
            }

            _listener.RecordObservableInstruments();
            return PrometheusRenderer.Render(states);
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Publish(Instrument instrument, MeterListener listener)
    {
        if (!_meterNames.Contains(instrument.Meter.Name) || (_scope is not null && !ReferenceEquals(instrument.Meter.Scope, _scope)))
        {
            return;
        }

        if (InstrumentState.For(instrument) is { } state)
        {
            lock (_statesGate)
            {
                _states.Add(state);
            }

            listener.EnableMeasurementEvents(instrument, state);
        }
    }

    private void Forget(InstrumentState? state)
    {
        if (state is not null)
        {
            lock (_statesGate)
            {
                _states.Remove(state);
            }
        }
    }
}
