using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Faas.Gateway.Hosting;

/// <summary>
/// Behind HAProxy every request comes from the proxy's address, so the failed-authentication budget and the
/// anonymous rate limit (both per client address) would be shared by every client. With <c>cluster.trusted_proxies</c>,
/// a request from one of those addresses is taken to come from the last address in its <c>X-Forwarded-For</c> (the one
/// the proxy added; what a client sent before it is never believed). From anywhere else the header is ignored.
/// </summary>
internal static class TrustedProxies
{
    public static WebApplication UseTrustedProxies(this WebApplication app, IReadOnlyList<IPAddress> proxies)
    {
        if (proxies.Count == 0)
        {
            return app;
        }

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor, ForwardLimit = 1 };
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        foreach (var proxy in proxies)
        {
            options.KnownProxies.Add(proxy);
        }

        app.UseForwardedHeaders(options);
        return app;
    }
}
