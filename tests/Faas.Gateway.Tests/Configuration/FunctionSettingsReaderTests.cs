using Faas.Gateway.Configuration;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Runtime;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Configuration;

[TestFixture]
public sealed class FunctionSettingsReaderTests
{
    private static (FunctionSettings Settings, List<string> Errors) Read(string yaml, FunctionSettings? baseline = null)
    {
        var errors = new List<string>();
        var map = (ConfigMap)ConfigNodeReader.FromYaml(yaml, "test")!;
        var settings = FunctionSettingsReader.Read(new ConfigReader(errors), map, baseline ?? new FunctionSettings());
        return (settings, errors);
    }

    [Test]
    public void Read_EveryKey_IsApplied()
    {
        const string yaml = """
            execution_mode: container
            handler: Run
            timeout: 500ms
            memory: 1Gi
            cpu_limit: "0.5"
            environment: { A: "1", B_2: two }
            min_instances: 1
            max_instances: 3
            concurrency: 4
            max_pids: 64
            tmp_size: 16Mi
            """;

        var (settings, errors) = Read(yaml);

        Assert.That(errors, Is.Empty);
        Assert.That(settings.ExecutionMode, Is.EqualTo(ExecutionMode.Container));
        Assert.That(settings.Handler, Is.EqualTo("Run"));
        Assert.That(settings.Timeout, Is.EqualTo(TimeSpan.FromMilliseconds(500)));
        Assert.That(settings.MemoryBytes, Is.EqualTo(1L << 30));
        Assert.That(settings.CpuMillicores, Is.EqualTo(500));
        Assert.That(settings.Environment, Is.EquivalentTo(new Dictionary<string, string> { ["A"] = "1", ["B_2"] = "two" }));
        Assert.That(settings.MinInstances, Is.EqualTo(1));
        Assert.That(settings.MaxInstances, Is.EqualTo(3));
        Assert.That(settings.Concurrency, Is.EqualTo(4));
        Assert.That(settings.MaxPids, Is.EqualTo(64));
        Assert.That(settings.TmpBytes, Is.EqualTo(16L << 20));
    }

    [Test]
    public void Read_PartialMap_KeepsBaselineForTheRest()
    {
        var baseline = new FunctionSettings { Handler = "Run", MemoryBytes = 512L << 20, MaxInstances = 4 };

        var (settings, errors) = Read("timeout: 5\n", baseline);

        Assert.That(errors, Is.Empty);
        Assert.That(settings, Is.EqualTo(baseline with { Timeout = TimeSpan.FromSeconds(5) }));
    }

    [Test]
    public void Read_MemoryBelow32Mi_IsAnError()
    {
        var (_, errors) = Read("memory: 16Mi\n");

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.Contain("'memory'").And.Contain("32Mi"));
    }

    [Test]
    public void Read_CpuBelow10m_IsAnError()
    {
        var (_, errors) = Read("cpu_limit: 5m\n");

        Assert.That(errors, Has.Some.Contains("cpu_limit"));
    }

    [TestCase("1Handle")]
    [TestCase("Handle(x)")]
    [TestCase("my-handler")]
    [TestCase("\"\"")]
    public void Read_HandlerThatIsNotAnIdentifier_IsAnError(string handler)
    {
        var (_, errors) = Read($"handler: {handler}\n");

        Assert.That(errors, Has.Some.Contains("'handler' must be a C# method name"));
    }

    [Test]
    public void Read_HandlerWithTrailingNewline_IsAnError()
    {
        // A double-quoted YAML scalar can carry "\n"; '$' in .NET regexes matches before a final newline.
        var (_, errors) = Read("handler: \"Handle\\n\"\n");

        Assert.That(errors, Has.Some.Contains("'handler' must be a C# method name"));
    }

    [Test]
    public void Read_InvalidEnvironmentName_IsAnError()
    {
        var (_, errors) = Read("environment: { \"1BAD\": x, \"A-B\": y }\n");

        Assert.That(errors, Has.Count.EqualTo(2));
        Assert.That(errors, Has.Some.Contains("'1BAD' is not a valid environment variable name"));
    }

    [Test]
    public void Read_EnvironmentNotAMapping_IsAnError()
    {
        var (_, errors) = Read("environment: [A, B]\n");

        Assert.That(errors, Has.Some.Contains("'environment' must be a mapping"));
    }

    [Test]
    public void Read_EnvironmentValueNull_BecomesEmptyString()
    {
        var (settings, errors) = Read("environment: { EMPTY: }\n");

        Assert.That(errors, Is.Empty);
        Assert.That(settings.Environment["EMPTY"], Is.EqualTo(""));
    }

    [Test]
    public void Read_MinInstancesAboveMax_IsAnError()
    {
        var (_, errors) = Read("min_instances: 3\nmax_instances: 1\n");

        Assert.That(errors, Has.Some.Contains("min_instances (3) is larger than max_instances (1)"));
    }

    [Test]
    public void Read_MaxInstancesZero_IsAnError()
    {
        var (_, errors) = Read("max_instances: 0\n");

        Assert.That(errors, Has.Some.Contains("max_instances"));
    }

    [Test]
    public void Read_SeveralBadValues_ReportsEachOne()
    {
        var (_, errors) = Read("execution_mode: vm\ntimeout: -1\nmemory: lots\ncpu_limit: fast\nconcurrency: 0\n");

        Assert.That(errors, Has.Count.EqualTo(5));
    }

    [TestCase(ExecutionMode.Process, "process")]
    [TestCase(ExecutionMode.Container, "container")]
    public void ModeName_Mode_IsLowercase(ExecutionMode mode, string expected)
    {
        Assert.That(FunctionSettingsReader.ModeName(mode), Is.EqualTo(expected));
    }
}
