namespace Faas.Sdk;

/// <summary>
/// The function's objects as a handler reaches them (<see cref="FaasRequest.Objects"/>): over the instance's
/// connection to the platform (a sandbox still has no network), only ever the objects of the function the
/// instance serves. Unlike the files at <c>/var/faas/objects/&lt;name&gt;</c> (fixed when the instance started),
/// these calls see the current objects. A refused call throws <see cref="FunctionObjectException"/> naming why.
/// </summary>
public interface IFunctionObjects
{
    /// <summary>The object's current content, or null when the function has no object of that name.</summary>
    Task<Stream?> ReadAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The object's current content as bytes, or null when the function has no object of that name.</summary>
    Task<byte[]?> ReadAllBytesAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces the object (at most <c>system.max_object_size</c>, charged to the namespace's quota).</summary>
    Task<FunctionObject> WriteAsync(string name, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces the object with <paramref name="content"/>.</summary>
    Task<FunctionObject> WriteAsync(string name, byte[] content, CancellationToken cancellationToken = default);

    /// <summary>The function's objects, by name.</summary>
    Task<IReadOnlyList<FunctionObject>> ListAsync(CancellationToken cancellationToken = default);
}
