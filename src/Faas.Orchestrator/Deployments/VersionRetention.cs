using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Faas.Orchestrator.Deployments;

/// <summary>
/// Keeps the newest <c>system.max_versions_per_function</c> versions of a function, plus any an alias or schedule
/// points at; versions dropped lose their stats and their pool (which drains). Runs under the change lock after
/// every deploy and every change that may release a version.
/// </summary>
internal sealed partial class VersionRetention(IFunctionStore store, FunctionTable functions, IOptions<PlatformOptions> options, ILogger<VersionRetention> logger)
{
    public async Task PruneAsync(FunctionEntry entry, CancellationToken cancellationToken)
    {
        var removed = await store.PruneVersionsAsync(entry.Record.Key, options.Value.MaxVersionsPerFunction, cancellationToken).ConfigureAwait(false);
        if (removed.Count == 0)
        {
            return;
        }

        Log.Pruned(logger, entry.Record.Key.Qualified, string.Join(", ", removed));
        // Draining a dropped version's pool waits for its in-flight calls: not under the change lock.
        _ = functions.ForgetVersionsAsync(entry, removed);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Function {Function}: versions {Versions} no longer kept")]
        public static partial void Pruned(ILogger logger, string function, string versions);
    }
}
