using Faas.Gateway.RateLimiting;

namespace Faas.Gateway.Configuration;

/// <summary>Reads <c>rate_limit.auth_failures: { enabled, per_minute, burst }</c>; absent keys keep the safe defaults.</summary>
internal static class AuthFailureBudgetReader
{
    public static AuthFailureBudget Read(ConfigReader reader, ConfigMap rateLimit)
    {
        var defaults = AuthFailureBudget.Default;
        var map = reader.Map(rateLimit, "auth_failures");
        if (map is null)
        {
            return defaults;
        }

        reader.RejectUnknown(map, "enabled", "per_minute", "burst");
        return new AuthFailureBudget(
            reader.Bool(map, "enabled", defaults.Enabled),
            reader.Int(map, "per_minute", defaults.PerMinute, 1, 1_000_000),
            reader.Int(map, "burst", defaults.Burst, 1, 1_000_000));
    }
}
