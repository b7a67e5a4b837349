using System.Collections.Concurrent;
using Faas.Sdk.Protocol;

namespace Faas.Orchestrator.Instances;

/// <summary>
/// The orchestrator's end of one host's socket: requests are multiplexed by frame id, answers are
/// matched by a single reader loop. When the connection breaks every pending call fails at once.
/// </summary>
internal sealed class HostConnection : IAsyncDisposable
{
    private readonly FrameConnection _frames;
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<Frame>> _pending = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextId;

    public HostConnection(Stream stream)
    {
        _frames = new FrameConnection(stream);
        _ = Task.Run(ReadLoopAsync);
    }

    /// <summary>Completes when the connection has broken or closed.</summary>
    public Task Closed => _closed.Task;

    public uint NextId() => unchecked((uint)Interlocked.Increment(ref _nextId));

    /// <summary>Sends a request frame and returns the task of its answer (faulted with <see cref="HostConnectionLostException"/> if the connection breaks).</summary>
    public async ValueTask<Task<Frame>> SendAsync<TState>(
        FrameType type, uint id, TState state, FrameConnection.PayloadWriter<TState> write)
    {
        var answer = new TaskCompletionSource<Frame>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        if (_closed.Task.IsCompleted)
        {
            Forget(id);
            throw new HostConnectionLostException("the host's connection is closed");
        }

        try
        {
            await _frames.SendAsync(type, id, state, write).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            Forget(id);
            throw new HostConnectionLostException($"cannot write to the host: {ex.Message}");
        }

        return answer.Task;
    }

    /// <summary>Stops waiting for <paramref name="id"/> and tells the host to cancel it.</summary>
    public void Cancel(uint id)
    {
        Forget(id);
        _ = SendCancelAsync(id);
    }

    public async ValueTask DisposeAsync()
    {
        await _frames.DisposeAsync().ConfigureAwait(false);
        await _closed.Task.ConfigureAwait(false);
    }

    private void Forget(uint id)
    {
        if (_pending.TryRemove(id, out var answer) && answer.Task.IsCompletedSuccessfully)
        {
            answer.Task.Result.Dispose();
        }
    }

    private async Task SendCancelAsync(uint id)
    {
        try
        {
            await _frames.SendEmptyAsync(FrameType.Cancel, id).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // The host is gone; nothing to cancel.
        }
    }

    private async Task ReadLoopAsync()
    {
        string reason = "the host closed its connection";
        try
        {
            while (await _frames.ReceiveAsync().ConfigureAwait(false) is { } frame)
            {
                if (_pending.TryRemove(frame.Id, out var answer))
                {
                    if (!answer.TrySetResult(frame))
                    {
                        frame.Dispose();
                    }
                }
                else
                {
                    frame.Dispose();
                }
            }
        }
        catch (Exception ex)
        {
            reason = $"the host's connection broke: {ex.Message}";
        }
        finally
        {
            _closed.TrySetResult();
            foreach (var id in _pending.Keys)
            {
                if (_pending.TryRemove(id, out var answer))
                {
                    answer.TrySetException(new HostConnectionLostException(reason));
                }
            }
        }
    }
}

/// <summary>The host's connection broke: the instance is dead or dying.</summary>
internal sealed class HostConnectionLostException(string message) : Exception(message);
