using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Runtime;
using Faas.Sdk.Protocol;

namespace Faas.Orchestrator.Instances;

/// <summary>
/// The host backend: a runtime-started <c>Faas.Host</c> (process or container) and the connection to it. The
/// only place the orchestrator's <see cref="FunctionRequest"/> becomes the host protocol's <see cref="InvokeRequest"/>.
/// </summary>
internal sealed class HostedInstance : IInstanceBackend
{
    /// <summary>How long past the deadline a host may take to report its own timeout before it is killed.</summary>
    internal static readonly TimeSpan KillGrace = TimeSpan.FromMilliseconds(500);

    private readonly IRuntimeInstance _runtime;
    private readonly HostConnection _connection;
    private readonly string _socketDirectory;
    private readonly TimeProvider _time;
    private int _disposed;

    public HostedInstance(IRuntimeInstance runtime, HostConnection connection, string socketDirectory, TimeProvider time)
    {
        _runtime = runtime;
        _connection = connection;
        _socketDirectory = socketDirectory;
        _time = time;
        Ended = WaitForEndAsync();
    }

    public string RuntimeId => _runtime.RuntimeId;

    public int? Pid => _runtime.Pid;

    public Task<InstanceExit> Ended { get; }

    public async Task<InvocationResult> InvokeAsync(FunctionRequest request, TimeSpan timeout, CancellationToken callerAborted)
    {
        var id = _connection.NextId();
        Task<Frame> answer;
        try
        {
            answer = await _connection.SendAsync(FrameType.Invoke, id, ToWire(request, timeout), static (w, r) => r.Write(w)).ConfigureAwait(false);
        }
        catch (HostConnectionLostException)
        {
            return await DiedAsync().ConfigureAwait(false);
        }

        using var deadline = new CancellationTokenSource(timeout + KillGrace, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, callerAborted);
        Frame frame;
        try
        {
            frame = await answer.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _connection.Cancel(id);
            if (callerAborted.IsCancellationRequested)
            {
                return InvocationResult.Failed(InvocationOutcome.ClientClosed, "the caller closed the request");
            }

            // The handler ignored its deadline (spinning, blocked): the instance cannot be trusted to free itself.
            await _runtime.KillAsync().ConfigureAwait(false);
            return InvocationResult.Failed(InvocationOutcome.Timeout, $"the function did not answer within its timeout of {timeout.TotalSeconds:0.###} s");
        }
        catch (HostConnectionLostException)
        {
            return await DiedAsync().ConfigureAwait(false);
        }

        return ToResult(frame, timeout);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _runtime.KillAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        await _runtime.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_socketDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The host protocol's form of a call: the host enforces <paramref name="timeout"/> as the handler's deadline.</summary>
    internal static InvokeRequest ToWire(FunctionRequest request, TimeSpan timeout) => new(
        request.Method, request.Path, request.Query, request.Headers, request.Body,
        (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue), request.RequestId);

    private static InvocationResult ToResult(Frame frame, TimeSpan timeout)
    {
        InvokeResult result;
        try
        {
            result = InvokeResult.Read(frame.Payload);
        }
        catch (ProtocolException ex)
        {
            frame.Dispose();
            return InvocationResult.Failed(InvocationOutcome.InstanceDied, $"the instance sent an invalid answer: {ex.Message}");
        }

        switch (result.Error)
        {
            case InvokeErrorKind.None:
                return InvocationResult.Success(result.StatusCode, result.Headers, result.Body, frame);
            case InvokeErrorKind.Timeout:
                frame.Dispose();
                return InvocationResult.Failed(InvocationOutcome.Timeout, $"the function did not answer within its timeout of {timeout.TotalSeconds:0.###} s");
            case InvokeErrorKind.HandlerException:
                frame.Dispose();
                return InvocationResult.Failed(InvocationOutcome.HandlerError, result.ErrorMessage);
            default:
                frame.Dispose();
                return InvocationResult.Failed(InvocationOutcome.InstanceDied, $"the instance failed: {result.ErrorMessage}");
        }
    }

    private async Task<InvocationResult> DiedAsync()
    {
        var exit = await Ended.ConfigureAwait(false);
        return InvocationResult.Failed(InvocationOutcome.InstanceDied, $"the function's instance died: {exit.Reason}");
    }

    private async Task<InstanceExit> WaitForEndAsync()
    {
        var first = await Task.WhenAny(_runtime.Exited, _connection.Closed).ConfigureAwait(false);
        if (first == _runtime.Exited)
        {
            return await _runtime.Exited.ConfigureAwait(false);
        }

        // The connection broke first: give the runtime a moment to report why the process ended (OOM, signal).
        try
        {
            return await _runtime.Exited.WaitAsync(TimeSpan.FromSeconds(2), _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return new InstanceExit(null, false, "its connection closed");
        }
    }
}
