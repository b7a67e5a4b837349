using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Faas.Orchestrator.Objects;

/// <summary>
/// Checks and charges object calls, then hands them to the <see cref="IObjectStore"/>. Writes arrive staged (a temp
/// file in <c>{storage}/objects/.staging</c>, hashed as it was written), so the quota is charged for the real size
/// before anything is stored. Changes are serialized, so a replaced object's size is released exactly once.
/// </summary>
internal sealed partial class ObjectService : IObjectService
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly IFunctionStore _functions;
    private readonly IObjectStore _store;
    private readonly IObjectQuota _quota;
    private readonly ILogger<ObjectService> _logger;
    private readonly SemaphoreSlim _changes = new(1, 1);
    private readonly string _staging;

    public ObjectService(IFunctionStore functions, IObjectStore store, IObjectQuota quota, IOptions<PlatformOptions> options, ILogger<ObjectService> logger)
    {
        _functions = functions;
        _store = store;
        _quota = quota;
        _logger = logger;
        MaxObjectBytes = options.Value.MaxObjectBytes;
        var objects = Path.Combine(options.Value.StoragePath, Storage.Sqlite.StorageFiles.ObjectContent);
        _staging = Path.Combine(objects, ".staging");
        Directory.CreateDirectory(objects, OwnerOnly);
        Directory.CreateDirectory(_staging, OwnerOnly);
        File.SetUnixFileMode(_staging, OwnerOnly);
        foreach (var leftover in Directory.EnumerateFiles(_staging))
        {
            File.Delete(leftover);
        }
    }

    public long MaxObjectBytes { get; }

    public string TooLargeMessage => $"an object is at most {PlatformLimits.Bytes(MaxObjectBytes)} (system.max_object_size)";

    public async Task<ObjectCallResult<IReadOnlyList<ObjectInfo>>> ListAsync(ObjectScope scope, CancellationToken cancellationToken = default) =>
        await MissingAsync<IReadOnlyList<ObjectInfo>>(scope, cancellationToken).ConfigureAwait(false)
        ?? ObjectCallResult<IReadOnlyList<ObjectInfo>>.Done(await _store.ListAsync(scope, cancellationToken).ConfigureAwait(false));

    public async Task<bool> AnyAsync(ObjectScope scope, CancellationToken cancellationToken = default) =>
        (await _store.ListAsync(scope, cancellationToken).ConfigureAwait(false)).Count > 0;

    public async Task<ObjectCallResult<ObjectContent>> OpenAsync(ObjectScope scope, string name, CancellationToken cancellationToken = default)
    {
        if (await CheckAsync<ObjectContent>(scope, name, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        return await _store.OpenReadAsync(scope, name, cancellationToken).ConfigureAwait(false) is { } content
            ? ObjectCallResult<ObjectContent>.Done(content)
            : NoObject<ObjectContent>(scope, name);
    }

    public async Task<ObjectCallResult<ObjectStaging>> BeginWriteAsync(ObjectScope scope, string name, CancellationToken cancellationToken = default) =>
        await CheckAsync<ObjectStaging>(scope, name, cancellationToken).ConfigureAwait(false)
        ?? ObjectCallResult<ObjectStaging>.Done(new ObjectStaging(_staging, MaxObjectBytes));

    public async Task<ObjectCallResult<ObjectInfo>> CommitAsync(ObjectScope scope, string name, StagedObject staged, CancellationToken cancellationToken = default)
    {
        using var owned = staged;
        if (staged.Size > MaxObjectBytes)
        {
            return ObjectCallResult<ObjectInfo>.Fail(ObjectOutcome.TooLarge, TooLargeMessage);
        }

        await _changes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Checked under the lock: a function deleted meanwhile (its objects removed) gets none stored after.
            if (await CheckAsync<ObjectInfo>(scope, name, CancellationToken.None).ConfigureAwait(false) is { } refused)
            {
                return refused;
            }

            var previous = await _store.GetAsync(scope, name, CancellationToken.None).ConfigureAwait(false);
            var delta = staged.Size - (previous?.Size ?? 0);
            if (!_quota.TryReserve(scope.Namespace, delta))
            {
                return ObjectCallResult<ObjectInfo>.Fail(ObjectOutcome.QuotaExceeded,
                    $"storing object '{name}' ({staged.Size} bytes) would exceed the object_bytes quota of namespace '{scope.Namespace}'");
            }

            (ObjectInfo Stored, long? ReplacedSize) put;
            try
            {
                put = await _store.PutAsync(scope, name, staged, CancellationToken.None).ConfigureAwait(false);
            }
            catch
            {
                _quota.TryReserve(scope.Namespace, -delta);
                throw;
            }

            if (put.ReplacedSize != previous?.Size)
            {
                // Another node changed the object meanwhile: charge what was really replaced.
                _quota.TryReserve(scope.Namespace, (previous?.Size ?? 0) - (put.ReplacedSize ?? 0));
            }

            Log.Written(_logger, scope.Namespace, scope.Function, put.Stored.Size);
            return ObjectCallResult<ObjectInfo>.Done(put.Stored, put.ReplacedSize is null ? ObjectOutcome.Created : ObjectOutcome.Ok);
        }
        finally
        {
            _changes.Release();
        }
    }

    public async Task<ObjectCallResult<ObjectInfo>> DeleteAsync(ObjectScope scope, string name, CancellationToken cancellationToken = default)
    {
        if (await CheckAsync<ObjectInfo>(scope, name, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        await _changes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await _store.DeleteAsync(scope, name, CancellationToken.None).ConfigureAwait(false) is not { } deleted)
            {
                return NoObject<ObjectInfo>(scope, name);
            }

            _quota.TryReserve(scope.Namespace, -deleted.Size);
            return ObjectCallResult<ObjectInfo>.Done(deleted, ObjectOutcome.Deleted);
        }
        finally
        {
            _changes.Release();
        }
    }

    public async Task DeleteFunctionAsync(ObjectScope scope, CancellationToken cancellationToken = default)
    {
        await _changes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var freed = await _store.DeleteAllAsync(scope, CancellationToken.None).ConfigureAwait(false);
            _quota.TryReserve(scope.Namespace, -freed);
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>The function first (an unknown one is 404 whatever the name), then the name.</summary>
    private async Task<ObjectCallResult<T>?> CheckAsync<T>(ObjectScope scope, string name, CancellationToken cancellationToken)
        where T : class =>
        await MissingAsync<T>(scope, cancellationToken).ConfigureAwait(false)
        ?? (ObjectName.Problem(name) is { } problem ? ObjectCallResult<T>.Fail(ObjectOutcome.InvalidName, problem) : null);

    /// <summary>The registry decides whether the function exists (in a cluster, the shared one).</summary>
    private async Task<ObjectCallResult<T>?> MissingAsync<T>(ObjectScope scope, CancellationToken cancellationToken)
        where T : class =>
        await _functions.FindAsync(new Namespaces.FunctionKey(scope.Namespace, scope.Function), cancellationToken).ConfigureAwait(false) is not null
            ? null
            : ObjectCallResult<T>.Fail(ObjectOutcome.FunctionNotFound, $"function '{scope.Function}' does not exist");

    private static ObjectCallResult<T> NoObject<T>(ObjectScope scope, string name)
        where T : class =>
        ObjectCallResult<T>.Fail(ObjectOutcome.ObjectNotFound, $"function '{scope.Function}' has no object '{name}'");

    private static partial class Log
    {
        [LoggerMessage(EventId = 1801, Level = LogLevel.Information, Message = "Object of function {Function} in namespace {Namespace} written ({Bytes} bytes)")]
        public static partial void Written(ILogger logger, string @namespace, string function, long bytes);
    }
}
