using System.Text.RegularExpressions;

namespace Faas.Orchestrator.Secrets;

/// <summary>Secret names become file names under <c>/var/openfaas/secrets</c>: letters, digits, '.', '_' and '-', 1–253 characters.</summary>
public static partial class SecretName
{
    public static bool IsValid(string? name) => name is not null && name is not ("." or "..") && Pattern().IsMatch(name);

    public const string Rule = "a secret name holds 1-253 ASCII letters, digits, '.', '_' or '-' and starts with a letter or digit";

    /// <summary>The environment variable a secret is exported as with <c>secrets_as_env</c>: upper case, '-' and '.' become '_'.</summary>
    public static string EnvironmentName(string name) =>
        name.ToUpperInvariant().Replace('-', '_').Replace('.', '_');

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,252}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Pattern();
}
