using System.Globalization;
using System.Threading.RateLimiting;
using Faas.Gateway.Auth;
using Faas.Gateway.Configuration;
using Faas.Gateway.Errors;
using Faas.Gateway.Metrics;
using Faas.Orchestrator.Cluster;
using Microsoft.AspNetCore.RateLimiting;

namespace Faas.Gateway.RateLimiting;

/// <summary>
/// ASP.NET Core rate limiting: a token bucket per API key (per client address without one); 429 with Retry-After.
/// Also registers the failed-authentication budget per address (<see cref="AuthFailureLimiter"/>), which
/// <see cref="ApiKeyMiddleware"/> asks before it checks a key, whether or not <c>rate_limit.enabled</c>.
/// </summary>
internal static class RateLimitingSetup
{
    public static IServiceCollection AddFaasRateLimiting(this IServiceCollection services, RateLimitSettings settings)
    {
        services.AddSingleton(sp => new AuthFailureLimiter(settings.AuthFailures, sp.GetRequiredService<TimeProvider>()));
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (!settings.Enabled)
                {
                    return RateLimitPartition.GetNoLimiter("all");
                }

                var partition = Callers.Of(context) is { } caller ? caller.Namespace + "/" + caller.Name : "anonymous:" + context.Connection.RemoteIpAddress;
                var nodes = context.RequestServices.GetRequiredService<IClusterView>().ReadyNodes;
                if (nodes > 1)
                {
                    // In a cluster each ready node enforces its share; a change in the count of nodes starts new buckets.
                    return RateLimitPartition.GetTokenBucketLimiter($"{partition}#{nodes}", _ => ClusterShare.Of(settings, nodes));
                }

                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = settings.Burst,
                    TokensPerPeriod = settings.RequestsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = settings.QueueLimit,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    AutoReplenishment = true,
                });
            });
            options.OnRejected = (context, cancellationToken) =>
            {
                context.HttpContext.RequestServices.GetRequiredService<GatewayMetrics>().RateLimitRejected();
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
                    : ApiErrors.RetryAfterSeconds;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                return new ValueTask(ApiErrors.WriteAsync(context.HttpContext, 429, "rate_limited",
                    "rate limit exceeded for this API key; retry after the time in Retry-After"));
            };
        });
        return services;
    }
}
