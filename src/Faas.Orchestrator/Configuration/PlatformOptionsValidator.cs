using Microsoft.Extensions.Options;

namespace Faas.Orchestrator.Configuration;

/// <summary>
/// The invariants of <see cref="PlatformOptions"/>, checked once at start (<c>ValidateOnStart</c>) whoever set them:
/// faas_config.yaml reports its own errors with line numbers first; this catches programmatic set-ups.
/// </summary>
internal sealed class PlatformOptionsValidator : IValidateOptions<PlatformOptions>
{
    public ValidateOptionsResult Validate(string? name, PlatformOptions options)
    {
        var problems = new List<string>();
        Check(!string.IsNullOrWhiteSpace(options.StoragePath), "StoragePath (system.function_storage_path) is required");
        Check(options.MaxConcurrentFunctions >= 1, "MaxConcurrentFunctions must be at least 1");
        Check(options.MaxQueuePerFunction >= 0, "MaxQueuePerFunction must not be negative");
        Check(options.ColdStartTimeout > TimeSpan.Zero, "ColdStartTimeout must be positive");
        Check(options.WarmInstanceTtl > TimeSpan.Zero, "WarmInstanceTtl must be positive");
        Check(options.CompileTimeout > TimeSpan.Zero, "CompileTimeout must be positive");
        Check(options.MaxConcurrentCompiles >= 1, "MaxConcurrentCompiles must be at least 1");
        Check(options.DrainTimeout >= TimeSpan.Zero, "DrainTimeout must not be negative");
        Check(options.MaxSourceBytes >= 1, "MaxSourceBytes must be at least 1");
        Check(options.MaxResponseBodyBytes >= 1, "MaxResponseBodyBytes must be at least 1");
        Check(options.MaxVersionsPerFunction >= 1, "MaxVersionsPerFunction must be at least 1");
        Check(options.ProcessStemCells.Min >= 0 && options.ProcessStemCells.Min <= options.ProcessStemCells.Max,
            "ProcessStemCells: 0 <= min <= max");
        Check(options.ContainerStemCells.Min >= 0 && options.ContainerStemCells.Min <= options.ContainerStemCells.Max,
            "ContainerStemCells: 0 <= min <= max");
        Check(options.SecretsKey is null || options.SecretsKey.Length == Secrets.SecretCipher.KeyBytes,
            $"SecretsKey must be {Secrets.SecretCipher.KeyBytes} bytes");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);

        void Check(bool holds, string problem)
        {
            if (!holds)
            {
                problems.Add(problem);
            }
        }
    }
}
