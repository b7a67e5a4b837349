namespace Faas.Orchestrator.Runtime;

/// <summary>
/// A user name and password for a container registry (OpenFaaS's <c>registryAuth</c>, or an operator-configured
/// credential). It is a secret: used for one pull and never stored or logged; <see cref="ToString"/> hides it.
/// </summary>
public sealed record RegistryCredential(string Username, string Password)
{
    /// <summary>
    /// Reads <c>user:password</c>, as Docker's <c>config.json</c> <c>auth</c> field holds it — in base64 when
    /// <paramref name="base64"/> (OpenFaaS's <c>registryAuth</c>), plain otherwise (an operator's secret).
    /// </summary>
    public static RegistryCredential? Parse(string? text, bool base64)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 16 * 1024)
        {
            return null;
        }

        string pair;
        if (base64)
        {
            try
            {
                pair = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(text.Trim()));
            }
            catch (Exception ex) when (ex is FormatException or System.Text.DecoderFallbackException)
            {
                return null;
            }
        }
        else
        {
            pair = text.TrimEnd('\r', '\n');
        }

        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < pair.Length - 1 && !pair.Any(char.IsControl)
            ? new RegistryCredential(pair[..colon], pair[(colon + 1)..])
            : null;
    }

    public override string ToString() => $"RegistryCredential {{ Username = {Username}, Password = (hidden) }}";
}
