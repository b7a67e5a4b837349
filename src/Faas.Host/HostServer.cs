using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.Loader;
using Faas.Host.Calls;
using Faas.Host.Handlers;
using Faas.Host.Objects;
using Faas.Sdk.Protocol;

namespace Faas.Host;

/// <summary>
/// The host's side of the protocol: frames are read by one thread at a time, invocations run concurrently, answers are
/// written back on the same connection (<see cref="ResponseSender"/>). Two threads of their own take turns at reading
/// (<see cref="ReaderTurns{T}"/>): the one that reads the frame of a call that runs alone runs that call itself while
/// the other, standing by, reads on, so the call starts on a thread that is already awake instead of waiting for the
/// thread pool to wake one. Calls that arrive while others run (or while no thread stands by) go to the thread pool.
/// </summary>
/// <param name="platformVariables">
/// The names the platform set in this process's environment at start (the runtime's own variables: paths,
/// GC limit, processor count, diagnostics off). The function's environment, which arrives in the
/// <see cref="LoadRequest"/>, is applied around them: it never replaces one.
/// </param>
/// <param name="handlerContext">
/// Where the handler's assembly loads: a new non-collectible context by default; the stem cell's warm-up passes a
/// collectible one it unloads afterwards.
/// </param>
internal sealed class HostServer
{
    /// <summary>How long the reader must have waited for a call's frame to run it itself (see <see cref="ReadUntilHandOff"/>).</summary>
    private static readonly TimeSpan QuietGap = TimeSpan.FromMilliseconds(1);

    private readonly FrameConnection _connection;
    private readonly IReadOnlySet<string> _platformVariables;
    private readonly HostObjects _objects;
    private readonly ConcurrentDictionary<uint, HostCall> _calls = new();
    private readonly AssemblyLoadContext _handlerContext;
    private readonly ReaderTurns<HostCall> _turns = new();
    private int _running;
    private HandlerInvoker? _handler;

    public HostServer(Stream stream, IReadOnlySet<string> platformVariables, AssemblyLoadContext? handlerContext = null)
    {
        _handlerContext = handlerContext ?? new AssemblyLoadContext("faas-handler", isCollectible: false);
        _connection = new FrameConnection(stream);
        _platformVariables = platformVariables;
        _objects = new HostObjects(_connection);
    }

    /// <summary>Serves the connection until it ends (or breaks); calls still running then are abandoned.</summary>
    public async Task RunAsync()
    {
        await using var connection = _connection.ConfigureAwait(false);
        try
        {
            // The thread that read a call runs it as far as it goes without waiting; the other reads on meanwhile.
            _turns.Start(ReadUntilHandOff, call => _ = InvokeAsync(call));
            await _turns.Ended.ConfigureAwait(false);
        }
        finally
        {
            _objects.FailAll();
        }
    }

    /// <summary>Reads and dispatches frames until one starts a call that this thread is to run (returned), or the connection ends (null).</summary>
    private HostCall? ReadUntilHandOff()
    {
        while (true)
        {
            var waiting = Stopwatch.GetTimestamp();
            if (Receive() is not { } frame)
            {
                return null;
            }

            var waited = Stopwatch.GetElapsedTime(waiting);
            if (Dispatch(frame) is not { } call)
            {
                continue;
            }

            // Only a call that runs alone, after the connection was quiet for a while (the first call after a pause,
            // where every wake-up shows): under load the pool's workers are awake and take call after call without
            // sleeping, while handing the turn over for every call puts one reader to sleep and wakes the other each
            // time. Measured at 32 connections: a sixth more CPU per call when every call was handed over, 3-11 % more
            // with a 100 µs gap (which made 1-connection calls 10-16 % faster), none with a long gap.
            if (Interlocked.Increment(ref _running) == 1 && waited >= QuietGap && _turns.TryHandOff())
            {
                return call;
            }

            _ = Task.Run(() => InvokeAsync(call));
        }
    }

    /// <summary>The next frame, waiting on this thread (a reader's own); null when the connection ended or broke.</summary>
    private Frame? Receive()
    {
        try
        {
            var next = _connection.ReceiveAsync();
            return next.IsCompleted ? next.Result : next.AsTask().GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is IOException or ProtocolException or ObjectDisposedException)
        {
            Console.Error.WriteLine($"faas-host: connection lost: {ex.Message}");
            return null;
        }
    }

    /// <summary>Handles <paramref name="frame"/>; returns the call it made ready to start, if any.</summary>
    private HostCall? Dispatch(Frame frame)
    {
        switch (frame.Type)
        {
            case FrameType.Load:
                using (frame)
                {
                    HandleLoad(frame);
                }

                break;
            case FrameType.Warmup:
                _ = Task.Run(() => WarmUpAsync(frame));
                break;
            case FrameType.Invoke:
                using (frame)
                {
                    return Accept(frame);
                }

            case FrameType.RequestBody:
                using (frame)
                {
                    return AddBody(frame);
                }

            case FrameType.Credit:
                using (frame)
                {
                    if (_calls.TryGetValue(frame.Id, out var call))
                    {
                        call.Window.Grant(CreditGrant.Read(frame.Payload).Bytes);
                    }
                }

                break;
            case FrameType.Cancel:
                using (frame)
                {
                    Cancel(frame.Id);
                }

                break;
            case FrameType.ObjectResult or FrameType.ObjectData:
                using (frame)
                {
                    _objects.Accept(frame);
                }

                break;
            case FrameType.Ping:
                using (frame)
                {
                    _ = _connection.SendEmptyAsync(FrameType.Pong, frame.Id).AsTask();
                }

                break;
            default:
                frame.Dispose();
                break;
        }

        return null;
    }

    /// <summary>Registers the call; returns it when it can start (its body came with it).</summary>
    private HostCall? Accept(Frame frame)
    {
        HostCall call;
        try
        {
            call = new HostCall(frame.Id, InvokeRequest.Read(frame.Payload));
        }
        catch (ProtocolException ex)
        {
            Answer(frame.Id, InvokeResult.Failure(InvokeErrorKind.HostError, ex.Message));
            return null;
        }

        _calls[frame.Id] = call;
        return call.BodyComplete ? call : null;
    }

    /// <summary>Adds a piece of a call's body; returns the call when that completed it.</summary>
    private HostCall? AddBody(Frame frame)
    {
        if (!_calls.TryGetValue(frame.Id, out var call) || call.BodyComplete)
        {
            return null;
        }

        if (!call.AddBody(frame.Payload.Span))
        {
            Finish(call);
            Answer(call.Id, InvokeResult.Failure(InvokeErrorKind.HostError, "the request body ran past its announced length"));
            return null;
        }

        return call.BodyComplete ? call : null;
    }

    private void Cancel(uint id)
    {
        if (!_calls.TryGetValue(id, out var call))
        {
            return;
        }

        if (!call.BodyComplete)
        {
            // Not started yet (its body was still arriving): it ends here.
            Finish(call);
            Answer(id, InvokeResult.Failure(InvokeErrorKind.Cancelled, "the platform cancelled the call"));
            return;
        }

        call.Cancel();
    }

    private void HandleLoad(Frame frame)
    {
        string error;
        if (_handler is not null)
        {
            error = "a handler is already loaded in this host";
        }
        else
        {
            try
            {
                var request = LoadRequest.Read(frame.Payload);
                // Before the handler loads: its top-level statements already see the function's environment.
                foreach (var (key, value) in request.Environment)
                {
                    if (_platformVariables.Contains(key))
                    {
                        if (Environment.GetEnvironmentVariable(key) != value)
                        {
                            Console.Error.WriteLine($"faas-host: the function's environment variable {key} is ignored: the platform sets it");
                        }

                        continue;
                    }

                    Environment.SetEnvironmentVariable(key, value);
                }

                if (request.GcHeapLimitBytes > 0)
                {
                    // A stem cell started with generic limits: size the GC to this function's memory.
                    AppContext.SetData("GCHeapHardLimit", (ulong)request.GcHeapLimitBytes);
                    GC.RefreshMemoryLimit();
                }

                _handler = HandlerLoader.Load(_handlerContext, request.Assembly, request.HandlerName);
                error = "";
            }
            catch (Exception ex)
            {
                error = HostProtocol.Truncate($"{ex.GetType().Name}: {ex.Message}");
            }
        }

        _connection.SendAsync(FrameType.Loaded, frame.Id, new LoadResult(error), static (w, r) => r.Write(w))
            .AsTask().GetAwaiter().GetResult();
    }

    private async Task WarmUpAsync(Frame frame)
    {
        string error;
        using (frame)
        {
            try
            {
                await WarmUp.RunAsync(LoadRequest.Read(frame.Payload)).ConfigureAwait(false);
                error = "";
            }
            catch (Exception ex)
            {
                error = HostProtocol.Truncate($"{ex.GetType().Name}: {ex.Message}");
            }
        }

        await _connection.SendAsync(FrameType.Warmup, frame.Id, new LoadResult(error), static (w, r) => r.Write(w)).ConfigureAwait(false);
    }

    private async Task InvokeAsync(HostCall call)
    {
        try
        {
            if (call.Request.DeadlineMilliseconds > 0)
            {
                call.Cancellation.CancelAfter(call.Request.DeadlineMilliseconds);
            }

            var response = _handler is null
                ? HandlerResponse.Failure(InvokeErrorKind.NotLoaded, "no handler is loaded in this host")
                : await _handler.InvokeAsync(call.Request, call.Body, _objects, call.Cancellation.Token).ConfigureAwait(false);
            await ResponseSender.SendAsync(_connection, call, response).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // The orchestrator went away; the reader loop ends the process.
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            Finish(call);
        }
    }

    private void Finish(HostCall call)
    {
        if (_calls.TryRemove(new KeyValuePair<uint, HostCall>(call.Id, call)))
        {
            call.Dispose();
        }
    }

    private void Answer(uint id, InvokeResult result) =>
        _ = SendQuietlyAsync(FrameType.Result, id, result);

    private async Task SendQuietlyAsync(FrameType type, uint id, InvokeResult result)
    {
        try
        {
            await _connection.SendAsync(type, id, result, static (w, r) => r.Write(w)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
        }
    }
}
