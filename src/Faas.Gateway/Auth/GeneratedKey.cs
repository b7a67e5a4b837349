namespace Faas.Gateway.Auth;

/// <summary>An API key Faas generated because none was configured (see <see cref="GeneratedKeyFile"/>).</summary>
internal sealed record GeneratedKey(string Name, string Key, Scope Scopes)
{
    public ApiKey ToApiKey() => new(Name, ApiKey.Hash(Key), Scopes, null) { PlainLength = Key.Length };

    public string ScopeNames => string.Join(", ", Enum.GetValues<Scope>().Where(s => s != Scope.None && Scopes.HasFlag(s)).Select(s => s.ToString().ToLowerInvariant()));
}
