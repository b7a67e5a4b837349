namespace Faas.Gateway.Auth;

/// <summary>The API key a request authenticated with, for endpoints that need more than its claims (its name, its function limit).</summary>
internal static class Callers
{
    public const string Item = "faas.caller";

    public static ApiKey? Of(HttpContext context) => context.Items.TryGetValue(Item, out var key) ? key as ApiKey : null;
}
