using System.Text;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Secrets;
using Faas.Orchestrator.Storage;
using Microsoft.Extensions.Options;

namespace Faas.Orchestrator.Validation;

/// <summary>
/// The one validator every deploy goes through — REST, OpenFaaS and functions declared in faas_config.yaml,
/// creates and updates alike — run on the settings the function would end up with: name, handler, image or
/// code, environment, platform ceilings, secrets (existence and grant) and image policy. Bad input is 400;
/// a secret or image the caller was not granted is 403; a mode that cannot run here is 503.
/// </summary>
internal sealed class DeploymentValidator
{
    private readonly PlatformOptions _options;
    private readonly Func<string, string, CancellationToken, Task<IReadOnlyList<string>?>> _grantsOf;
    private readonly Func<ExecutionMode, RuntimeStatus> _statusOf;
    private readonly ImagePolicy _images;

    public DeploymentValidator(IOptions<PlatformOptions> options, ISecretStore secrets, ISystemChecks checks)
        : this(options.Value, secrets.GrantsOfAsync, checks.ModeStatus)
    {
    }

    /// <param name="grantsOf">A secret's grants (by namespace and name), or null when it does not exist.</param>
    /// <param name="statusOf">Whether an execution mode can run here.</param>
    internal DeploymentValidator(
        PlatformOptions options, Func<string, string, CancellationToken, Task<IReadOnlyList<string>?>> grantsOf, Func<ExecutionMode, RuntimeStatus> statusOf)
    {
        _options = options;
        _grantsOf = grantsOf;
        _statusOf = statusOf;
        _images = new ImagePolicy(options.AllowedImages, options.RuntimeImage);
    }

    public async Task<DeployResult?> ValidateAsync(FunctionKey function, string code, FunctionSettings settings, DeployCaller caller, CancellationToken cancellationToken = default)
    {
        var problem = Problem(function.Name, code, settings);
        if (problem is not null)
        {
            return DeployResult.Fail(DeployOutcome.Invalid, problem);
        }

        if (await SecretProblemAsync(function.Namespace, settings, caller, cancellationToken).ConfigureAwait(false) is { } secret)
        {
            return secret;
        }

        if (settings.Image is { } image && _images.Problem(image, caller) is { } notAllowed)
        {
            return DeployResult.Fail(DeployOutcome.Forbidden, notAllowed);
        }

        var status = _statusOf(settings.ExecutionMode);
        return status.Available ? null : DeployResult.Fail(DeployOutcome.Unavailable, status.Message);
    }

    /// <summary>Why the replica count asked of <c>scale</c> is refused, or null.</summary>
    public string? ScaleProblem(int replicas) =>
        replicas is < 0 or > 1000 ? "replicas must be a whole number from 0 to 1000"
        : replicas > _options.Limits.MinInstances ? $"replicas {replicas} is above the platform ceiling limits.min_instances ({_options.Limits.MinInstances})"
        : null;

    private string? Problem(string name, string code, FunctionSettings settings)
    {
        if (!FunctionName.IsValid(name))
        {
            return FunctionName.Problem(name);
        }

        if (!HandlerName.IsValid(settings.Handler))
        {
            return HandlerName.Problem(settings.Handler);
        }

        if (settings.Image is { } image)
        {
            if (!ImageReference.IsWellFormed(image))
            {
                return $"'{Printable.Of(image)}' is not an image reference";
            }

            if (settings.ExecutionMode != ExecutionMode.Container)
            {
                return "an image function runs in container mode only";
            }
        }
        else if (string.IsNullOrWhiteSpace(code))
        {
            return "'code' is required and must hold the handler's C# source";
        }

        if (Encoding.UTF8.GetByteCount(code) > _options.MaxSourceBytes)
        {
            return $"the source is larger than the limit of {_options.MaxSourceBytes} bytes";
        }

        if (Schedules.CronAnnotations.Problem(settings) is { } cron)
        {
            return cron;
        }

        var limits = _options.Limits.Problems(settings);
        if (limits.Count > 0)
        {
            return string.Join("; ", limits);
        }

        foreach (var (variable, value) in settings.Environment)
        {
            if ((EnvironmentRules.NameProblem(variable) ?? EnvironmentRules.ValueProblem(variable, value)) is { } environment)
            {
                return environment;
            }
        }

        foreach (var secret in settings.Secrets)
        {
            if (!SecretName.IsValid(secret))
            {
                return $"'{Printable.Of(secret)}' is not a secret name: {SecretName.Rule}";
            }

            if (settings.SecretsAsEnv && EnvironmentRules.NameProblem(SecretName.EnvironmentName(secret)) is { } exported)
            {
                return $"secret '{secret}' cannot be exported with secrets_as_env: {exported}";
            }
        }

        return null;
    }

    /// <summary>An admin learns that a secret is missing (400); anyone else gets the same 403 whether it is missing or not granted.</summary>
    private async Task<DeployResult?> SecretProblemAsync(string @namespace, FunctionSettings settings, DeployCaller caller, CancellationToken cancellationToken)
    {
        foreach (var secret in settings.Secrets)
        {
            var grants = await _grantsOf(@namespace, secret, cancellationToken).ConfigureAwait(false);
            if (caller.IsAdmin && grants is null)
            {
                return DeployResult.Fail(DeployOutcome.Invalid, $"secret '{secret}' does not exist (create it first with POST /secrets)");
            }

            if (!caller.IsAdmin && (grants is null || !grants.Contains(caller.Name, StringComparer.Ordinal)))
            {
                return DeployResult.Fail(DeployOutcome.Forbidden,
                    $"this API key ('{caller.Name}') may not use secret '{secret}': it is not among the secret's grants (an admin adds it with PUT /secrets/{secret})");
            }
        }

        return null;
    }
}
