using System.Collections.Concurrent;
using Faas.Host.Handlers;
using Faas.Sdk.Protocol;

namespace Faas.Host;

/// <summary>
/// The host's side of the protocol: one reader loop, invocations run concurrently on the thread
/// pool, results written back on the same connection.
/// </summary>
/// <param name="platformVariables">
/// The names the platform set in this process's environment at start (the runtime's own variables: paths,
/// GC limit, processor count, diagnostics off). The function's environment, which arrives in the
/// <see cref="LoadRequest"/>, is applied around them: it never replaces one.
/// </param>
internal sealed class HostServer(Stream stream, IReadOnlySet<string> platformVariables)
{
    private readonly FrameConnection _connection = new(stream);
    private readonly ConcurrentDictionary<uint, CancellationTokenSource> _running = new();
    private HandlerInvoker? _handler;

    public async Task RunAsync()
    {
        await using var _ = _connection.ConfigureAwait(false);
        while (true)
        {
            Frame? frame;
            try
            {
                frame = await _connection.ReceiveAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ProtocolException or ObjectDisposedException)
            {
                Console.Error.WriteLine($"faas-host: connection lost: {ex.Message}");
                return;
            }

            if (frame is null)
            {
                return;
            }

            Dispatch(frame);
        }
    }

    private void Dispatch(Frame frame)
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
                _ = Task.Run(() => InvokeAsync(frame));
                break;
            case FrameType.Cancel:
                using (frame)
                {
                    if (_running.TryGetValue(frame.Id, out var cts))
                    {
                        cts.Cancel();
                    }
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
                    if (platformVariables.Contains(key))
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

                _handler = HandlerLoader.Load(request.Assembly, request.HandlerName);
                error = "";
            }
            catch (Exception ex)
            {
                error = $"{ex.GetType().Name}: {ex.Message}";
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
                error = $"{ex.GetType().Name}: {ex.Message}";
            }
        }

        await _connection.SendAsync(FrameType.Warmup, frame.Id, new LoadResult(error), static (w, r) => r.Write(w)).ConfigureAwait(false);
    }

    private async Task InvokeAsync(Frame frame)
    {
        InvokeResult result;
        using (frame)
        {
            using var deadline = new CancellationTokenSource();
            _running[frame.Id] = deadline;
            try
            {
                var request = InvokeRequest.Read(frame.Payload);
                if (request.DeadlineMilliseconds > 0)
                {
                    deadline.CancelAfter(request.DeadlineMilliseconds);
                }

                result = _handler is null
                    ? InvokeResult.Failure(InvokeErrorKind.NotLoaded, "no handler is loaded in this host")
                    : await _handler.InvokeAsync(request, deadline.Token).ConfigureAwait(false);
            }
            catch (ProtocolException ex)
            {
                result = InvokeResult.Failure(InvokeErrorKind.HostError, ex.Message);
            }
            finally
            {
                _running.TryRemove(frame.Id, out _);
            }
        }

        try
        {
            await _connection.SendAsync(FrameType.Result, frame.Id, result, static (w, r) => r.Write(w)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The orchestrator went away; the reader loop ends the process.
        }
    }
}
