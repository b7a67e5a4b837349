using System.Diagnostics.Metrics;
using Faas.Gateway.Auth;
using Faas.Orchestrator.Telemetry;

namespace Faas.Gateway.Metrics;

/// <summary>Composition of metrics: instruments, the exporter, the request counter and <c>/metrics</c>.</summary>
internal static class MetricsSetup
{
    public static IServiceCollection AddFaasMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton(sp =>
        {
            var factory = sp.GetRequiredService<IMeterFactory>();
            RuntimeMetrics.Create(factory);
            return new PrometheusExporter([FaasMetrics.MeterName, GatewayMetrics.MeterName, RuntimeMetrics.MeterName], factory);
        });
        return services;
    }

    /// <summary>
    /// Starts listening before the first request (measurements made earlier would be lost), counts
    /// requests (after routing, so the template is known; before auth and rate limiting, so their
    /// 401, 403 and 429 count too) and maps <c>/metrics</c>.
    /// </summary>
    public static void UseFaasMetrics(this WebApplication app, Scope metricsScope)
    {
        app.Services.GetRequiredService<PrometheusExporter>();
        app.UseMiddleware<HttpMetricsMiddleware>();
        app.MapMetricsEndpoint(metricsScope);
    }
}
