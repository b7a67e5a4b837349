using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Storage;
using Faas.Orchestrator.Validation;
using Microsoft.Extensions.Logging;

namespace Faas.Orchestrator.Deployments;

/// <summary>Versions as the registry keeps them; a rollback is an update through the one deploy path.</summary>
internal sealed partial class VersionService(FunctionTable functions, IFunctionStore store, IDeploymentService deployments, ILogger<VersionService> logger)
    : IVersionService
{
    public async Task<IReadOnlyList<FunctionVersion>?> ListAsync(FunctionKey function, CancellationToken cancellationToken = default) =>
        functions.Contains(function)
            ? (await store.ListVersionsAsync(function, cancellationToken).ConfigureAwait(false)).OrderByDescending(v => v.Version).ToList()
            : null;

    public Task<FunctionVersion?> GetAsync(FunctionKey function, long version, CancellationToken cancellationToken = default) =>
        functions.Contains(function) ? store.FindVersionAsync(function, version, cancellationToken) : Task.FromResult<FunctionVersion?>(null);

    public async Task<DeployResult> RollbackAsync(FunctionKey function, long version, DeployCaller caller, CancellationToken cancellationToken = default)
    {
        if (!functions.Contains(function))
        {
            return DeployResult.Fail(DeployOutcome.NotFound, $"function '{function}' does not exist");
        }

        if (await store.FindVersionAsync(function, version, cancellationToken).ConfigureAwait(false) is not { } target)
        {
            return DeployResult.Fail(DeployOutcome.Invalid,
                $"function '{function}' has no version {version} (never deployed, or no longer kept); see GET /functions/{function.Name}/versions");
        }

        var result = await deployments.UpdateAsync(function, target.Code, target.Settings, caller, cancellationToken).ConfigureAwait(false);
        if (result.Function is { } view)
        {
            Log.RolledBack(logger, function.Qualified, version, view.Version);
        }

        return result;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1008, Level = LogLevel.Information, Message = "Function {Function} rolled back to version {From} as version {Version}")]
        public static partial void RolledBack(ILogger logger, string function, long from, long version);
    }
}
