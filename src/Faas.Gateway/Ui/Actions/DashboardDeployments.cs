using Faas.Gateway.Ui.Auth;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Deployments;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Inspection;
using Microsoft.Extensions.Options;

namespace Faas.Gateway.Ui.Actions;

/// <summary>
/// Deploy, update and delete from the dashboard: the manage scope and the key's function limit first (403 as REST
/// answers), then the one deployment service with the caller's identity, so the one validator decides about
/// ceilings, environment, secrets' grants and compile errors exactly as for <c>POST/PUT /functions</c>.
/// </summary>
internal sealed class DashboardDeployments(IDeploymentService deployments, IFunctionCatalog catalog, IOptions<PlatformOptions> platform)
{
    public async Task<DeployResult> CreateAsync(DashboardCaller caller, string name, string code, string? configText, CancellationToken cancellationToken)
    {
        if (Refusal(caller, name) is { } refused)
        {
            return refused;
        }

        var (settings, errors) = ConfigText.Parse(configText, new FunctionSettings { ExecutionMode = platform.Value.DefaultMode });
        if (settings is null)
        {
            return DeployResult.Fail(DeployOutcome.Invalid, string.Join("; ", errors));
        }

        return await deployments.CreateAsync(caller.Function(name), code, settings, caller.Deployer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>New code and/or config (null keeps each), merged into the current settings as <c>PUT /functions/{name}</c> merges.</summary>
    public async Task<DeployResult> UpdateAsync(DashboardCaller caller, string name, string? code, string? configText, CancellationToken cancellationToken)
    {
        if (Refusal(caller, name) is { } refused)
        {
            return refused;
        }

        if (catalog.Get(caller.Function(name)) is not { } current)
        {
            return DeployResult.Fail(DeployOutcome.NotFound, $"function '{name}' does not exist");
        }

        var (settings, errors) = ConfigText.Parse(configText, current.Settings);
        if (settings is null)
        {
            return DeployResult.Fail(DeployOutcome.Invalid, string.Join("; ", errors));
        }

        return await deployments.UpdateAsync(caller.Function(name), code, settings, caller.Deployer, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(DashboardCaller caller, string name, CancellationToken cancellationToken) =>
        Refusal(caller, name) is null && await deployments.DeleteAsync(caller.Function(name), cancellationToken).ConfigureAwait(false);

    private static DeployResult? Refusal(DashboardCaller caller, string name) =>
        !caller.CanManage ? DeployResult.Fail(DeployOutcome.Forbidden, "this API key lacks the manage scope")
        : !FunctionName.IsValid(name) ? DeployResult.Fail(DeployOutcome.Invalid, FunctionName.Problem(name))
        : !caller.Allows(name) ? DeployResult.Fail(DeployOutcome.Forbidden, $"this API key may not use function '{name}'")
        : null;
}
