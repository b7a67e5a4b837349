using System.Diagnostics.Metrics;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Telemetry;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Telemetry;

[TestFixture]
public sealed class FaasMetricsTests
{
    private readonly List<(string Instrument, double Value, Dictionary<string, string> Tags)> _measured = [];
    private readonly List<(string Function, InstanceCounts Instances)> _functions = [];
    private readonly List<(ExecutionMode Mode, int Ready, int Starting)> _stemCells = [];
    private FaasMetrics _metrics = null!;
    private MeterListener _listener = null!;

    [SetUp]
    public void SetUp()
    {
        _measured.Clear();
        _functions.Clear();
        _stemCells.Clear();
        _metrics = new FaasMetrics(meterFactory: null, () => _functions, () => _stemCells);
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == FaasMetrics.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument, _metrics);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, state) => Measured(i, v, tags, state));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, state) => Measured(i, v, tags, state));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, state) => Measured(i, v, tags, state));
        _listener.Start();
    }

    [TearDown]
    public void TearDown()
    {
        _listener.Dispose();
        _metrics.Dispose();
    }

    [Test]
    public void Record_ColdSuccess_CountsInvocationDurationAndColdStart()
    {
        _metrics.Record("f", ExecutionMode.Container, 3, Answered(200), TimeSpan.FromMilliseconds(250), coldStart: true);

        Assert.That(Single("function_invocations_total").Tags,
            Is.EquivalentTo(new Dictionary<string, string> { ["function"] = "f", ["mode"] = "container", ["status"] = "success", ["version"] = "3" }));
        Assert.That(Single("function_duration_seconds").Value, Is.EqualTo(0.25));
        Assert.That(Single("function_duration_seconds").Tags["version"], Is.EqualTo("3"));
        Assert.That(Single("function_cold_starts_total").Tags["function"], Is.EqualTo("f"));
        Assert.That(Named("function_errors_total"), Is.Empty);
        Assert.That(Named("function_timeouts_total"), Is.Empty);
    }

    [Test]
    public void Record_Timeout_CountsTimeoutAndErrorWithSnakeCaseStatus()
    {
        _metrics.Record("f", ExecutionMode.Process, 1, InvocationResult.Failed(InvocationOutcome.Timeout, "late"), TimeSpan.FromSeconds(1), coldStart: false);
        _metrics.Record("f", ExecutionMode.Process, 1, InvocationResult.Failed(InvocationOutcome.InstanceDied, "gone"), TimeSpan.FromSeconds(1), coldStart: false);

        Assert.That(Named("function_invocations_total").Select(m => m.Tags["status"]).ToList(), Is.EqualTo(new[] { "timeout", "instance_died" }));
        Assert.That(Named("function_timeouts_total"), Has.Count.EqualTo(1));
        Assert.That(Named("function_errors_total"), Has.Count.EqualTo(2));
    }

    [Test]
    public void Record_HandlerAnswered5xx_IsSuccessButCountsAsError()
    {
        _metrics.Record("f", ExecutionMode.Process, 1, Answered(503), TimeSpan.Zero, coldStart: false);

        Assert.That(Single("function_invocations_total").Tags["status"], Is.EqualTo("success"));
        Assert.That(Named("function_errors_total"), Has.Count.EqualTo(1));
    }

    [Test]
    public void Record_RefusedWithoutRunning_CountsOnlyTheInvocation()
    {
        _metrics.Record("f", ExecutionMode.Process, 1, InvocationResult.Failed(InvocationOutcome.NoCapacity, "busy"), TimeSpan.FromSeconds(3), coldStart: false);

        Assert.That(Single("function_invocations_total").Tags["status"], Is.EqualTo("no_capacity"));
        Assert.That(_measured, Has.Count.EqualTo(1), "no duration, error or cold start for a call that never ran");
    }

    [Test]
    public void Record_NoVersionResolved_VersionLabelEmpty()
    {
        _metrics.Record("f", ExecutionMode.Process, null, InvocationResult.Failed(InvocationOutcome.NotFound, "no alias"), TimeSpan.Zero, coldStart: false);

        Assert.That(Single("function_invocations_total").Tags["version"], Is.EqualTo(""));
    }

    [Test]
    public void Observe_Instances_ReportsDeployedFunctionsAndDisjointStates()
    {
        _functions.Add(("a", new InstanceCounts(Total: 4, Ready: 3, Busy: 1, Starting: 1, Draining: 1)));
        _functions.Add(("b", new InstanceCounts(0, 0, 0, 0, 0)));

        _listener.RecordObservableInstruments();

        Assert.That(Single("functions_deployed").Value, Is.EqualTo(2));
        var a = Named("function_instances").Where(m => m.Tags["function"] == "a").ToDictionary(m => m.Tags["state"], m => m.Value);
        Assert.That(a, Is.EquivalentTo(new Dictionary<string, double> { ["idle"] = 2, ["busy"] = 1, ["starting"] = 1, ["draining"] = 1 }));
    }

    [Test]
    public void Observe_StemCells_ReadyAndStartingByMode()
    {
        _stemCells.Add((ExecutionMode.Process, 5, 2));
        _stemCells.Add((ExecutionMode.Container, 1, 0));

        _listener.RecordObservableInstruments();

        var cells = Named("stem_cells").ToDictionary(m => (m.Tags["mode"], m.Tags["state"]), m => m.Value);
        Assert.That(cells, Is.EquivalentTo(new Dictionary<(string, string), double>
        {
            [("process", "ready")] = 5, [("process", "starting")] = 2, [("container", "ready")] = 1, [("container", "starting")] = 0,
        }));
    }

    private static InvocationResult Answered(int status) => InvocationResult.Success(status, [], ReadOnlyMemory<byte>.Empty);

    private List<(string Instrument, double Value, Dictionary<string, string> Tags)> Named(string instrument) =>
        _measured.Where(m => m.Instrument == instrument).ToList();

    private (string Instrument, double Value, Dictionary<string, string> Tags) Single(string instrument) => Named(instrument).Single();

    private void Measured(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (ReferenceEquals(state, _metrics))
        {
            var copy = new Dictionary<string, string>();
            foreach (var (key, tagValue) in tags)
            {
                copy[key] = tagValue?.ToString() ?? "";
            }

            _measured.Add((instrument.Name, value, copy));
        }
    }
}
