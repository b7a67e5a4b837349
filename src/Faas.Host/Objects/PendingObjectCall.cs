using Faas.Sdk.Protocol;

namespace Faas.Host.Objects;

/// <summary>One object request waiting for its answer: the result, then (for a read) the content that follows it.</summary>
internal sealed class PendingObjectCall
{
    private readonly TaskCompletionSource<(ObjectResult Result, byte[] Content)> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ObjectResult? _result;
    private byte[] _content = [];
    private int _received;

    public Task<(ObjectResult Result, byte[] Content)> Answer => _answer.Task;

    /// <summary>True once the result has arrived (a write stops sending its content then).</summary>
    public bool Answered => _result is not null;

    public void Accept(ObjectResult result)
    {
        if (_result is not null)
        {
            return;
        }

        _result = result;
        if (result.Status != ObjectStatus.Ok || result.ContentLength == 0)
        {
            _answer.TrySetResult((result, []));
            return;
        }

        if (result.ContentLength > Array.MaxLength)
        {
            _answer.TrySetException(new IOException($"an object of {result.ContentLength} bytes cannot be held in memory"));
            return;
        }

        _content = new byte[result.ContentLength];
    }

    /// <summary>The next piece of a read's content; completes the call when it is all there.</summary>
    public void AcceptContent(ReadOnlySpan<byte> piece)
    {
        if (_result is null || piece.Length > _content.Length - _received)
        {
            _answer.TrySetException(new IOException("the platform sent more object content than announced"));
            return;
        }

        piece.CopyTo(_content.AsSpan(_received));
        _received += piece.Length;
        if (_received == _content.Length)
        {
            _answer.TrySetResult((_result, _content));
        }
    }

    public void Fail(Exception exception) => _answer.TrySetException(exception);
}
