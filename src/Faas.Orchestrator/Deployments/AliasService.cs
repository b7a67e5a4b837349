using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Storage;
using Faas.Orchestrator.Validation;
using Microsoft.Extensions.Logging;

namespace Faas.Orchestrator.Deployments;

/// <summary>
/// Aliases, changed under the function table's change lock (with deploys, deletes and pruning): validated
/// (<see cref="AliasRules"/>, versions that exist), stored, then made the function's routing table in memory.
/// </summary>
internal sealed partial class AliasService(
    FunctionTable functions, IFunctionStore store, VersionRetention retention, TimeProvider time, ILogger<AliasService> logger) : IAliasService
{
    public async Task<IReadOnlyList<FunctionAlias>?> ListAsync(FunctionKey function, CancellationToken cancellationToken = default) =>
        functions.Contains(function) ? await store.ListAliasesAsync(function, cancellationToken).ConfigureAwait(false) : null;

    public async Task<ChangeResult<FunctionAlias>> SetAsync(
        FunctionKey function, string alias, IReadOnlyList<AliasRoute> routes, CancellationToken cancellationToken = default)
    {
        if ((AliasRules.NameProblem(alias) ?? AliasRules.RoutesProblem(routes)) is { } problem)
        {
            return ChangeResult<FunctionAlias>.Fail(ChangeOutcome.Invalid, problem);
        }

        using (await functions.ChangesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!functions.TryGet(function, out var entry))
            {
                return ChangeResult<FunctionAlias>.Fail(ChangeOutcome.NotFound, $"function '{function}' does not exist");
            }

            foreach (var route in routes)
            {
                if (await store.FindVersionAsync(function, route.Version, cancellationToken).ConfigureAwait(false) is null)
                {
                    return ChangeResult<FunctionAlias>.Fail(ChangeOutcome.Invalid,
                        $"function '{function}' has no version {route.Version} (never deployed, or no longer kept); see GET /functions/{function}/versions");
                }
            }

            var value = new FunctionAlias(function.Name, alias, routes, time.GetUtcNow()) { Namespace = function.Namespace };
            var created = await store.SetAliasAsync(value, cancellationToken).ConfigureAwait(false);
            var all = await store.ListAliasesAsync(function, cancellationToken).ConfigureAwait(false);
            entry.SetAliases(all);
            await retention.PruneAsync(entry, cancellationToken).ConfigureAwait(false);
            Log.Set(logger, function.Qualified, alias, string.Join(", ", routes.Select(r => $"{r.Version}:{r.Weight}")));
            return new ChangeResult<FunctionAlias>(created ? ChangeOutcome.Created : ChangeOutcome.Done, value, created ? "created" : "updated");
        }
    }

    public async Task<ChangeResult<FunctionAlias>> DeleteAsync(FunctionKey function, string alias, CancellationToken cancellationToken = default)
    {
        using (await functions.ChangesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!functions.TryGet(function, out var entry))
            {
                return ChangeResult<FunctionAlias>.Fail(ChangeOutcome.NotFound, $"function '{function}' does not exist");
            }

            if (!entry.Aliases.TryGetValue(alias, out var existing))
            {
                return ChangeResult<FunctionAlias>.Fail(ChangeOutcome.NotFound, $"function '{function}' has no alias '{alias}'");
            }

            var users = (await store.ListSchedulesAsync(function, cancellationToken).ConfigureAwait(false)).Where(s => s.Qualifier == alias).ToList();
            if (users.Count > 0)
            {
                return ChangeResult<FunctionAlias>.Fail(ChangeOutcome.Conflict,
                    $"alias '{alias}' is used by schedule(s) {string.Join(", ", users.Select(s => $"'{s.Name}'"))}; delete or change them first");
            }

            await store.DeleteAliasAsync(function, alias, cancellationToken).ConfigureAwait(false);
            entry.SetAliases(await store.ListAliasesAsync(function, cancellationToken).ConfigureAwait(false));
            await retention.PruneAsync(entry, cancellationToken).ConfigureAwait(false);
            Log.Deleted(logger, function.Qualified, alias);
            return new ChangeResult<FunctionAlias>(ChangeOutcome.Done, existing, "deleted");
        }
    }

    public async Task<IReadOnlyList<string>> ApplyDeclaredAsync(IReadOnlyDictionary<string, DeclaredFunction> declared, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        foreach (var (name, declaration) in declared)
        {
            var function = new FunctionKey(declaration.Namespace, name);
            foreach (var (alias, routes) in declaration.Aliases)
            {
                if (functions.TryGet(function, out var entry) && entry.Aliases.TryGetValue(alias, out var current) && current.SameRoutes(routes))
                {
                    continue;
                }

                var result = await SetAsync(function, alias, routes, cancellationToken).ConfigureAwait(false);
                if (result.Outcome is not (ChangeOutcome.Created or ChangeOutcome.Done))
                {
                    errors.Add($"alias '{alias}' of function '{function}' from the config could not be set: {result.Message}");
                }
            }
        }

        return errors;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Function {Function}: alias {Alias} routes to {Routes} (version:weight)")]
        public static partial void Set(ILogger logger, string function, string alias, string routes);

        [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "Function {Function}: alias {Alias} deleted")]
        public static partial void Deleted(ILogger logger, string function, string alias);
    }
}
