using Faas.Orchestrator.Executions;
using Faas.Orchestrator.Namespaces;

namespace Faas.Orchestrator.Storage;

/// <summary>
/// Durable async executions: an accepted execution is stored before the client hears 202, and every change
/// of state survives a crash. SQLite (<see cref="Sqlite.SqliteExecutionStore"/>, its own file) is the embedded default.
/// </summary>
public interface IExecutionStore
{
    /// <summary>
    /// Stores a new queued execution; null when <paramref name="maxQueued"/> are already queued or running. When the
    /// request names its <see cref="ExecutionRequest.Id"/> and an execution with that id exists, returns that one and
    /// adds nothing (atomically: of two nodes submitting the same id, one adds it and both get it).
    /// </summary>
    Task<ExecutionRecord?> AddAsync(ExecutionRequest request, int maxQueued, CancellationToken cancellationToken = default);

    /// <summary>The execution with that id, in whichever namespace (ids are random: callers compare its <see cref="ExecutionRecord.Namespace"/> with their own).</summary>
    Task<ExecutionRecord?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Marks the oldest due queued execution running and counts the attempt; null when none is due.</summary>
    Task<ExecutionRecord?> TryClaimAsync(CancellationToken cancellationToken = default);

    /// <summary>When the next queued execution becomes due, or null when none is queued.</summary>
    Task<DateTimeOffset?> NextDueAtAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a final status and result (with <see cref="ExecutionResult.Version"/>, the version that ran); a callback,
    /// if any, becomes pending in the same change.
    /// </summary>
    Task CompleteAsync(string id, ExecutionStatus status, ExecutionResult result, CancellationToken cancellationToken = default);

    /// <summary>Puts a running execution back in the queue, due at <paramref name="dueAt"/>, keeping the attempt's error.</summary>
    Task RequeueAsync(string id, DateTimeOffset dueAt, string error, CancellationToken cancellationToken = default);

    /// <summary>
    /// At start-up: executions a stopped or crashed gateway left running go back to the queue (the interrupted
    /// attempt counts), or end failed when that was their last allowed attempt.
    /// </summary>
    Task<(int Requeued, int Failed)> RecoverInterruptedAsync(int maxAttempts, CancellationToken cancellationToken = default);

    /// <summary>Ids of finished executions whose callback was not delivered yet.</summary>
    Task<IReadOnlyList<string>> PendingCallbacksAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the delivery of a pending callback; false when it is not pending or another holder's claim is live (in a
    /// cluster, claims last one lease and are renewed while the delivery runs). One process alone may always deliver.
    /// </summary>
    Task<bool> TryClaimCallbackAsync(string id, CancellationToken cancellationToken = default);

    Task SetCallbackStateAsync(string id, CallbackState state, CancellationToken cancellationToken = default);

    /// <summary>The newest <paramref name="limit"/> executions of <paramref name="function"/>, newest first.</summary>
    Task<IReadOnlyList<ExecutionRecord>> ListAsync(FunctionKey function, int limit, CancellationToken cancellationToken = default);

    /// <summary>Executions queued or running.</summary>
    Task<int> CountActiveAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes finished executions older than <paramref name="retention"/> whose callback is settled; returns how many.</summary>
    Task<int> DeleteFinishedAsync(TimeSpan retention, CancellationToken cancellationToken = default);
}
