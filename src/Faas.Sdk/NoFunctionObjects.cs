namespace Faas.Sdk;

/// <summary>The objects of a request made outside a platform instance (a unit test, say): every call is refused.</summary>
public sealed class NoFunctionObjects : IFunctionObjects
{
    public static NoFunctionObjects Instance { get; } = new();

    public Task<Stream?> ReadAsync(string name, CancellationToken cancellationToken = default) => throw Unavailable();

    public Task<byte[]?> ReadAllBytesAsync(string name, CancellationToken cancellationToken = default) => throw Unavailable();

    public Task<FunctionObject> WriteAsync(string name, Stream content, CancellationToken cancellationToken = default) => throw Unavailable();

    public Task<FunctionObject> WriteAsync(string name, byte[] content, CancellationToken cancellationToken = default) => throw Unavailable();

    public Task<IReadOnlyList<FunctionObject>> ListAsync(CancellationToken cancellationToken = default) => throw Unavailable();

    private static FunctionObjectException Unavailable() =>
        new(FunctionObjectError.Unavailable, "this request did not come through a platform instance: it has no function objects");
}
