namespace Faas.Orchestrator.Secrets;

/// <summary>
/// A secret's grants: the names of the API keys (their configured <c>name</c>) that may deploy or update a
/// function listing the secret. Admin keys and functions declared in faas_config.yaml need no grant.
/// </summary>
public static class SecretGrants
{
    public const int MaxGrants = 256;

    public const int MaxNameLength = 128;

    /// <summary>Null when <paramref name="grants"/> is a valid list; otherwise why not.</summary>
    public static string? Problem(IReadOnlyList<string> grants)
    {
        if (grants.Count > MaxGrants)
        {
            return $"a secret has at most {MaxGrants} grants";
        }

        foreach (var grant in grants)
        {
            if (grant.Length is 0 or > MaxNameLength || grant.Any(char.IsControl))
            {
                return $"each grant is an API key's name: 1-{MaxNameLength} characters without control characters";
            }
        }

        return null;
    }

    /// <summary>Distinct, in the order given.</summary>
    public static IReadOnlyList<string> Normalize(IEnumerable<string> grants) => grants.Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Stored one name per line: names hold no control characters.</summary>
    internal static string ToStored(IReadOnlyList<string> grants) => string.Join('\n', grants);

    internal static IReadOnlyList<string> FromStored(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : stored.Split('\n');
}
