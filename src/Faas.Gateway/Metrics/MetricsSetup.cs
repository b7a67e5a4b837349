using Faas.Gateway.Auth;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Faas.Gateway.Metrics;

/// <summary>
/// Composition of metrics: our instruments, the OpenTelemetry SDK that aggregates them with the
/// built-in ASP.NET Core and runtime meters, the request counter and <c>/metrics</c>.
/// </summary>
internal static class MetricsSetup
{
    public static IServiceCollection AddFaasMetrics(this IServiceCollection services)
    {
        services.AddMetrics(MetricStreams.Enable);
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<RuntimeMetrics>();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("faas", autoGenerateServiceInstanceId: false))
            .WithMetrics(metrics => MetricStreams.Shape(metrics).AddPrometheusExporter(PrometheusOptions.Configure));
        return services;
    }

    /// <summary>
    /// Starts listening before the first request (measurements made earlier would be lost), counts
    /// requests (after routing, so the template is known; before auth and rate limiting, so their
    /// 401, 403 and 429 count too) and maps <c>/metrics</c>.
    /// </summary>
    public static void UseFaasMetrics(this WebApplication app, Scope metricsScope)
    {
        app.Services.GetRequiredService<MeterProvider>();
        app.Services.GetRequiredService<RuntimeMetrics>();
        app.UseMiddleware<HttpMetricsMiddleware>();
        app.MapMetricsEndpoint(metricsScope);
    }
}
