using Faas.Sdk.Protocol;

namespace Faas.Orchestrator.Instances;

/// <summary>A request answered by exactly one frame of a known type: load, warm-up, ping, compile.</summary>
internal sealed class AnswerCall(FrameType expected) : PendingCall
{
    private readonly TaskCompletionSource<Frame> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<Frame> Answer => _answer.Task;

    /// <summary>The frame type that answers a request of type <paramref name="request"/>.</summary>
    public static FrameType AnswerTo(FrameType request) => request switch
    {
        FrameType.Load => FrameType.Loaded,
        FrameType.Warmup => FrameType.Warmup,
        FrameType.Ping => FrameType.Pong,
        FrameType.Compile => FrameType.Compiled,
        _ => throw new ArgumentOutOfRangeException(nameof(request), request, "not a request answered by one frame"),
    };

    public override string? Accept(Frame frame, out bool finished)
    {
        if (frame.Type != expected)
        {
            frame.Dispose();
            finished = false;
            return Unexpected(frame, Name(expected));
        }

        finished = true;
        if (!_answer.TrySetResult(frame))
        {
            frame.Dispose();
        }

        return null;
    }

    public override void Fail(Exception reason) => _answer.TrySetException(reason);

    public override void Abandon()
    {
        if (_answer.Task.IsCompletedSuccessfully)
        {
            _answer.Task.Result.Dispose();
        }
        else
        {
            _answer.TrySetCanceled();
        }
    }
}
