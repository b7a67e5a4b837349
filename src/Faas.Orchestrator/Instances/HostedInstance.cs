using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Runtime;
using Faas.Sdk.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Faas.Orchestrator.Instances;

/// <summary>
/// The host backend: a runtime-started <c>Faas.Host</c> (process or container) and the connection to it. The
/// only place the orchestrator's <see cref="FunctionRequest"/> becomes the host protocol's <see cref="InvokeRequest"/>.
/// </summary>
internal sealed partial class HostedInstance : IInstanceBackend
{
    /// <summary>How long past the deadline a host may take to report its own timeout before it is killed.</summary>
    internal static readonly TimeSpan KillGrace = TimeSpan.FromMilliseconds(500);

    private readonly IRuntimeInstance _runtime;
    private readonly HostConnection _connection;
    private readonly string _socketDirectory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _function;
    private int _disposed;

    public HostedInstance(
        IRuntimeInstance runtime, HostConnection connection, string socketDirectory, TimeProvider time, ILogger? logger = null, string function = "")
    {
        _runtime = runtime;
        _connection = connection;
        _socketDirectory = socketDirectory;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        _function = function;
        Ended = WaitForEndAsync();
    }

    public string RuntimeId => _runtime.RuntimeId;

    public int? Pid => _runtime.Pid;

    public Task<InstanceExit> Ended { get; }

    public async Task<InvocationResult> InvokeAsync(FunctionRequest request, TimeSpan timeout, CancellationToken callerAborted)
    {
        var id = _connection.NextId();
        InvokeCall call;
        try
        {
            call = await _connection.InvokeAsync(id, ToWire(request, timeout), request.Body).ConfigureAwait(false);
        }
        catch (HostConnectionLostException)
        {
            return await DiedAsync().ConfigureAwait(false);
        }

        // The deadline covers the whole answer, a streamed body included: it passes to the body when there is one.
        var deadline = new CancellationTokenSource(timeout + KillGrace, _time);
        var handedOver = false;
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, callerAborted);
            InvokeHead head;
            try
            {
                head = await call.Head.WaitAsync(linked.Token).ConfigureAwait(false);
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

            if (head.Streamed is { } streamed)
            {
                var body = new HostResponseBody(_connection, call, streamed, deadline, timeout, _runtime.KillAsync);
                handedOver = true;
                return InvocationResult.Success(streamed.StatusCode, streamed.Headers, body);
            }

            return ToResult(head.Result!, head.Frame!, timeout);
        }
        finally
        {
            if (!handedOver)
            {
                deadline.Dispose();
            }
        }
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

    private static InvocationResult ToResult(InvokeResult result, Frame frame, TimeSpan timeout)
    {
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

        if (_connection.Violation is { } violation)
        {
            // Handler code wrote to the host's socket: nothing it sends can be trusted any more.
            Log.ProtocolViolation(_logger, _function, RuntimeId, violation);
            await _runtime.KillAsync().ConfigureAwait(false);
            return new InstanceExit(null, false, $"it broke the host protocol ({violation}) and was stopped");
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

    private static partial class Log
    {
        [LoggerMessage(EventId = 1301, Level = LogLevel.Warning,
            Message = "Instance {RuntimeId} of function {Function} broke the host protocol and is stopped (its calls get 502): {Violation}")]
        public static partial void ProtocolViolation(ILogger logger, string function, string runtimeId, string violation);
    }
}
