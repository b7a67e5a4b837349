using System.Threading.RateLimiting;
using Faas.Gateway.Configuration;

namespace Faas.Gateway.RateLimiting;

/// <summary>
/// One node's share of an API key's limit when <c>n</c> nodes are ready behind the load balancer: <c>1/n</c> of the rate
/// (whole tokens over a period stretched to fit, so 1 request/s over 3 nodes is 1 token every 3 s) and of the burst
/// (rounded up). With requests spread evenly, the cluster as a whole admits the key's limit.
/// </summary>
internal static class ClusterShare
{
    public static TokenBucketRateLimiterOptions Of(RateLimitSettings settings, int nodes)
    {
        var perNode = settings.RequestsPerSecond / (double)nodes;
        var tokens = Math.Max(1, (int)Math.Round(perNode));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, (int)Math.Ceiling(settings.Burst / (double)nodes)),
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = TimeSpan.FromSeconds(tokens / perNode),
            QueueLimit = settings.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        };
    }
}
