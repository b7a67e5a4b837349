namespace Faas.Orchestrator.Objects;

/// <summary>
/// A function's objects, as the REST API and the function's own instances reach them: names checked against
/// <see cref="ObjectName"/>, sizes bounded by <c>system.max_object_size</c>, bytes charged to the namespace's
/// <see cref="IObjectQuota"/>. Every call names its <see cref="ObjectScope"/>; nothing reaches another function's objects.
/// </summary>
public interface IObjectService
{
    /// <summary>Largest object accepted (<c>system.max_object_size</c>).</summary>
    long MaxObjectBytes { get; }

    Task<ObjectCallResult<IReadOnlyList<ObjectInfo>>> ListAsync(ObjectScope scope, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether the function has any object: one store query, for a caller that already holds the function (a start
    /// deciding whether the instance gets files), so the function's existence is not looked up again.
    /// </summary>
    Task<bool> AnyAsync(ObjectScope scope, CancellationToken cancellationToken = default);

    /// <summary>The object's content, or why not (no such function, no such object, a bad name).</summary>
    Task<ObjectCallResult<ObjectContent>> OpenAsync(ObjectScope scope, string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// A new staging for a write of <paramref name="name"/>, after the checks that need no content (the function
    /// exists, the name is valid). The caller writes the content in, completes it and passes it to <see cref="CommitAsync"/>.
    /// </summary>
    Task<ObjectCallResult<ObjectStaging>> BeginWriteAsync(ObjectScope scope, string name, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="staged"/> as the object (created or replaced), within the namespace's quota; takes the staged file either way.</summary>
    Task<ObjectCallResult<ObjectInfo>> CommitAsync(ObjectScope scope, string name, StagedObject staged, CancellationToken cancellationToken = default);

    Task<ObjectCallResult<ObjectInfo>> DeleteAsync(ObjectScope scope, string name, CancellationToken cancellationToken = default);

    /// <summary>Deletes every object of a function (the function is being deleted) and releases their bytes from the quota.</summary>
    Task DeleteFunctionAsync(ObjectScope scope, CancellationToken cancellationToken = default);

    /// <summary>The message of a write refused for its size.</summary>
    string TooLargeMessage { get; }
}
