using System.Diagnostics.Metrics;

namespace Faas.Gateway.Metrics;

/// <summary>The gateway's own instruments, on the <c>Faas.Gateway</c> meter.</summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = "Faas.Gateway";

    private readonly Counter<long> _requests;
    private readonly Counter<long> _rateLimited;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("gateway_http_requests_total", description:
            "HTTP requests answered by the gateway, by method, route template (\"unmatched\" when no route matched) and status code.");
        _rateLimited = meter.CreateCounter<long>("gateway_rate_limit_rejections_total", description:
            "Requests refused with 429 by the per-API-key rate limiter.");
    }

    public void Request(string method, string pathTemplate, int status) =>
        _requests.Add(1,
            new KeyValuePair<string, object?>("method", method),
            new KeyValuePair<string, object?>("path_template", pathTemplate),
            new KeyValuePair<string, object?>("status", status));

    public void RateLimitRejected() => _rateLimited.Add(1);
}
