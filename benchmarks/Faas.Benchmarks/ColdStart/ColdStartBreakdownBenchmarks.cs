using BenchmarkDotNet.Attributes;
using Faas.Benchmarks.Infrastructure;
using Faas.Compiler.Compilation;
using Faas.Orchestrator.Runtime;
using Faas.Runtime.Process;
using Microsoft.Extensions.Logging.Abstractions;

namespace Faas.Benchmarks.ColdStart;

/// <summary>
/// Where a process cold boot's time goes, each step measured alone next to the same baseline:
/// the bare host start (connect + Ping); the bare host that also loads the hello handler and answers its
/// first invocation (no sandbox: the cost of loading and first-call JIT); and the host started by the
/// process runtime in its sandbox (cgroups, setpriv, bwrap, seccomp) until it connected and answered a Ping
/// (no handler: the cost of the sandbox).
/// </summary>
[Config(typeof(BenchConfigs.ColdStart))]
public class ColdStartBreakdownBenchmarks
{
    private HostLayout _layout = null!;
    private byte[] _artifact = [];
    private SocketListener? _listener;
    private BareHost? _bareHost;
    private IFunctionRuntime? _runtime;
    private IRuntimeInstance? _sandboxed;
    private PingClient? _client;
    private string _state = "";

    [GlobalSetup]
    public void Setup()
    {
        _layout = BenchEnvironment.Host();
        _state = BenchEnvironment.NewScratch("breakdown");
        var compiled = new HandlerCompiler().Compile(BenchEnvironment.HelloSource, "Handle", CancellationToken.None);
        _artifact = compiled.Handler?.Assembly ?? throw new InvalidOperationException("hello does not compile");
        _runtime = ProcessRuntimeFactory.Create(
            new ProcessRuntimeOptions(_layout, IsolationLevel.Strict, Path.Combine(_state, "process")) { CgroupParentName = BenchEnvironment.CgroupParent },
            NullLoggerFactory.Instance);
        _runtime.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        if (!_runtime.Status.Available)
        {
            throw new InvalidOperationException(_runtime.Status.Message);
        }

        Prepare();
        var body = BareHostLoadInvoke();
        Cleanup();
        if (body != BenchEnvironment.HelloAnswer)
        {
            throw new InvalidOperationException($"the bare host answered '{body}'");
        }

        Prepare();
        SandboxedHostStart();
        Cleanup();
    }

    [IterationSetup]
    public void Prepare() => _listener = new SocketListener();

    [Benchmark(Baseline = true, Description = "bare dotnet host start (connect + Ping)")]
    public void BareHostStart() => _bareHost = BareHost.StartAsync(_layout, _listener!).GetAwaiter().GetResult();

    [Benchmark(Description = "bare host start + Load hello + first Invoke (no sandbox)")]
    public string BareHostLoadInvoke()
    {
        _bareHost = BareHost.StartAsync(_layout, _listener!).GetAwaiter().GetResult();
        return _bareHost.Client.LoadAndInvokeAsync(_artifact).GetAwaiter().GetResult();
    }

    [Benchmark(Description = "sandboxed host start via ProcessRuntime (connect + Ping, no handler)")]
    public void SandboxedHostStart()
    {
        var spec = new InstanceSpec(Orchestrator.Instances.InstanceLauncher.NewInstanceId(), "breakdown", 1, _listener!.Directory,
            ResourceLimits.Default, new Dictionary<string, string>(), NullSink.Instance);
        _sandboxed = _runtime!.StartAsync(spec, CancellationToken.None).GetAwaiter().GetResult();
        _client = new PingClient(_listener.AcceptAsync(CancellationToken.None).GetAwaiter().GetResult());
        _client.PingAsync().GetAwaiter().GetResult();
    }

    [IterationCleanup]
    public void Cleanup()
    {
        _bareHost?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _client?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (_sandboxed is not null)
        {
            _sandboxed.KillAsync().GetAwaiter().GetResult();
            _sandboxed.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        if (_bareHost is null)
        {
            _listener?.Dispose();
        }

        (_bareHost, _client, _sandboxed, _listener) = (null, null, null, null);
        Thread.Sleep(150);
    }

    [GlobalCleanup]
    public void Teardown()
    {
        _runtime?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        BenchEnvironment.DeleteQuietly(_state);
    }

    private sealed class NullSink : IInstanceLogSink
    {
        public static NullSink Instance { get; } = new();

        public void Write(string instanceId, LogStream stream, string line)
        {
        }
    }
}
