using System.Collections.Concurrent;
using System.Text;
using Faas.Orchestrator.Executions;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Namespaces;

namespace Faas.Orchestrator.Tests.Executions;

/// <summary>Answers invocations from a script of outcomes (the last one repeats) and records each call.</summary>
internal sealed class FakeInvoker : IFunctionInvoker
{
    private readonly ConcurrentQueue<Func<InvocationResult>> _script = new();
    private Func<InvocationResult> _last = () => Ok("done");

    public ConcurrentQueue<(string Function, FunctionRequest Request)> Calls { get; } = new();

    /// <summary>The functions that exist, by qualified name (<c>name</c> in <c>default</c>, <c>name.namespace</c> elsewhere).</summary>
    public HashSet<string> Functions { get; } = ["fn"];

    public static InvocationResult Ok(string body, int status = 200) =>
        InvocationResult.Success(status, [new("Content-Type", "text/plain")], Encoding.UTF8.GetBytes(body));

    public static InvocationResult Fail(InvocationOutcome outcome, string message) => InvocationResult.Failed(outcome, message);

    public FakeInvoker Then(Func<InvocationResult> answer)
    {
        _script.Enqueue(answer);
        _last = answer;
        return this;
    }

    public bool Exists(FunctionKey function) => Functions.Contains(function.Qualified);

    /// <summary>The qualifiers (versions, aliases) every function has; any other is unknown.</summary>
    public HashSet<string> Qualifiers { get; } = ["1", "live", "prod"];

    public ValueTask<string?> ProblemAsync(FunctionTarget target, CancellationToken cancellationToken) =>
        ValueTask.FromResult<string?>(
            !Exists(target.Function) ? $"function '{target.Function}' does not exist"
            : target.Qualifier is { } qualifier && !Qualifiers.Contains(qualifier) ? $"function '{target.Function}' has no version or alias '{qualifier}'"
            : null);

    /// <summary>The targets of the calls (qualifier included), in order.</summary>
    public ConcurrentQueue<FunctionTarget> Targets { get; } = new();

    public Task<InvocationResult> InvokeAsync(FunctionKey function, FunctionRequest request, CancellationToken cancellationToken) =>
        InvokeAsync(new FunctionTarget(function), request, cancellationToken);

    public Task<InvocationResult> InvokeAsync(FunctionTarget target, FunctionRequest request, CancellationToken cancellationToken)
    {
        Calls.Enqueue((target.Function.Qualified, request));
        Targets.Enqueue(target);
        return Task.FromResult(_script.TryDequeue(out var answer) ? answer() : _last());
    }
}

/// <summary>An HTTP handler answering each request with the next status of a script and keeping the bodies.</summary>
internal sealed class FakeCallbackHandler(params int[] statuses) : HttpMessageHandler
{
    private int _count;

    public ConcurrentQueue<(Uri Url, string Body)> Received { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Received.Enqueue((request.RequestUri!, await request.Content!.ReadAsStringAsync(cancellationToken)));
        var index = Interlocked.Increment(ref _count) - 1;
        return new HttpResponseMessage((System.Net.HttpStatusCode)statuses[Math.Min(index, statuses.Length - 1)]);
    }
}
