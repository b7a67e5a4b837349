using Faas.Gateway.Configuration;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Secrets;
using Faas.Orchestrator.Validation;

namespace Faas.Gateway.Endpoints.OpenFaas;

/// <summary>
/// Turns an OpenFaaS deployment into a Faas function. With the annotation <see cref="CodeAnnotation"/>
/// (C# source; optional <see cref="HandlerAnnotation"/> and <see cref="ModeAnnotation"/>) it is an ordinary
/// Faas function; without it, <c>image</c> is run as an OpenFaaS image in container mode. Unparsable limits
/// are refused, never ignored. What the translation yields — environment names and values, the handler,
/// limits against the platform ceilings, secrets and their grants, the image policy — is then checked by
/// the orchestrator's one deploy validator, the same code REST deploys go through.
/// </summary>
internal static class DeploymentTranslator
{
    public const string CodeAnnotation = "com.faas.code";
    public const string HandlerAnnotation = "com.faas.handler";
    public const string ModeAnnotation = "com.faas.execution-mode";

    public sealed record Translated(string Name, string Code, FunctionSettings Settings);

    public static (Translated? Function, string? Problem) Translate(FunctionDeployment deployment, FunctionSettings baseline)
    {
        var errors = new List<string>();
        var name = deployment.Service ?? "";
        if (!FunctionName.IsValid(name))
        {
            errors.Add($"service: {FunctionName.Problem(name)}");
        }

        var annotations = new Dictionary<string, string>(deployment.Annotations ?? [], StringComparer.Ordinal);
        annotations.Remove(CodeAnnotation, out var code);
        var mode = baseline.ExecutionMode;
        if (annotations.TryGetValue(ModeAnnotation, out var modeText) && !Enum.TryParse(modeText, ignoreCase: true, out mode))
        {
            errors.Add($"annotation {ModeAnnotation} must be process or container, not '{modeText}'");
        }

        var environment = new Dictionary<string, string>(deployment.EnvVars ?? [], StringComparer.Ordinal);
        if (deployment.EnvProcess is { Length: > 0 } fprocess)
        {
            environment["fprocess"] = fprocess;
        }

        var labels = new Dictionary<string, string>(deployment.Labels ?? [], StringComparer.Ordinal);
        var settings = baseline with
        {
            ExecutionMode = code is null ? ExecutionMode.Container : mode,
            Handler = code is not null && annotations.TryGetValue(HandlerAnnotation, out var handler) ? handler : baseline.Handler,
            Image = code is null ? deployment.Image : null,
            Environment = environment,
            Labels = labels,
            Annotations = annotations,
            Secrets = (deployment.Secrets ?? []).Distinct(StringComparer.Ordinal).ToList(),
        };
        if (code is null && string.IsNullOrWhiteSpace(deployment.Image))
        {
            errors.Add($"'image' is required (or the C# source in the annotation {CodeAnnotation})");
        }

        foreach (var secret in settings.Secrets)
        {
            if (!SecretName.IsValid(secret))
            {
                errors.Add($"'{secret}' is not a secret name: {SecretName.Rule}");
            }
        }

        // A .NET function needs room for the runtime; an image is whatever the deployer built, as small as it likes
        // (the container engine's own floor, 6 MiB of memory and 10m of CPU, is applied when the container starts).
        var (minMemory, minMemoryText, minCpu) = code is null ? (1L, "more than 0", 1) : (32L << 20, "at least 32Mi", 10);
        if (deployment.Limits?.Memory is { Length: > 0 } memory)
        {
            settings = Quantities.TryParseMemory(memory, out var bytes) && bytes >= minMemory
                ? settings with { MemoryBytes = bytes }
                : Fail(settings, $"limits.memory '{Printable.Of(memory)}' is not a memory size of {minMemoryText} (for example 128Mi)");
        }

        if (deployment.Limits?.Cpu is { Length: > 0 } cpu)
        {
            settings = Quantities.TryParseCpu(cpu, out var millicores) && millicores >= minCpu
                ? settings with { CpuMillicores = millicores }
                : Fail(settings, $"limits.cpu '{Printable.Of(cpu)}' is not a CPU amount of at least {minCpu}m (for example 100m, 0.5)");
        }

        if (deployment.Requests?.Memory is { Length: > 0 } requestedMemory && !Quantities.TryParseMemory(requestedMemory, out _))
        {
            errors.Add($"requests.memory '{Printable.Of(requestedMemory)}' is not a memory size (for example 64Mi)");
        }

        if (deployment.Requests?.Cpu is { Length: > 0 } requestedCpu && !Quantities.TryParseCpu(requestedCpu, out _))
        {
            errors.Add($"requests.cpu '{Printable.Of(requestedCpu)}' is not a CPU amount (for example 100m)");
        }

        settings = settings with
        {
            // C# functions always run on a read-only root; an image gets what it asked for (OpenFaaS's default is writable).
            ReadOnlyRootFilesystem = code is not null || deployment.ReadOnlyRootFilesystem == true,
            OpenFaas = new OpenFaasRequest(Given(deployment.Limits), Given(deployment.Requests)),
        };

        settings = ScaleLabels.Apply(labels, settings, errors);
        return errors.Count > 0 ? (null, string.Join("; ", errors)) : (new Translated(name, code ?? "", settings), null);

        static ResourceQuantities? Given(FunctionResources? resources) =>
            resources is null || (string.IsNullOrEmpty(resources.Memory) && string.IsNullOrEmpty(resources.Cpu))
                ? null
                : new ResourceQuantities(NullIfEmpty(resources.Memory), NullIfEmpty(resources.Cpu));

        static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

        FunctionSettings Fail(FunctionSettings current, string problem)
        {
            errors.Add(problem);
            return current;
        }
    }
}
