namespace Faas.Sdk;

/// <summary>
/// An object call the platform refused. Thrown (rather than returned) so that a handler which does not look
/// at it fails loudly: unhandled, the invocation answers 500 with this message.
/// </summary>
public sealed class FunctionObjectException : Exception
{
    public FunctionObjectException()
    {
    }

    public FunctionObjectException(string message)
        : base(message)
    {
    }

    public FunctionObjectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FunctionObjectException(FunctionObjectError error, string message)
        : base(message) => Error = error;

    public FunctionObjectError Error { get; } = FunctionObjectError.Unavailable;
}
