using System.Globalization;

namespace Faas.Gateway.Endpoints.OpenFaas;

/// <summary>
/// What the OpenFaaS gateway adds to a call (its call-id middleware and forwarding proxy) so that functions and
/// callers can rely on it: <c>X-Call-Id</c> (the caller's, when it sent a sane one, else a new id) and
/// <c>X-Start-Time</c> (Unix nanoseconds) on both the request and the answer, and <c>X-Forwarded-Host</c>,
/// <c>X-Forwarded-Proto</c> and <c>X-Forwarded-For</c> on the request. Unlike OpenFaaS, a caller's
/// <c>X-Forwarded-For</c> is extended with the address the gateway saw rather than passed on as it is, so its
/// last entry can be trusted.
/// </summary>
internal static class OpenFaasCallHeaders
{
    public const string CallId = "X-Call-Id";
    public const string StartTime = "X-Start-Time";
    public const string ForwardedFor = "X-Forwarded-For";
    public const string ForwardedHost = "X-Forwarded-Host";
    public const string ForwardedProto = "X-Forwarded-Proto";

    /// <summary>Sets the headers on <paramref name="context"/>'s request and (when its answer starts) on the answer; returns the call id.</summary>
    public static string Apply(HttpContext context, TimeProvider time)
    {
        var request = context.Request.Headers;
        var callId = request[CallId].ToString();
        if (!IsSane(callId))
        {
            callId = Guid.NewGuid().ToString();
        }

        var start = ((time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100).ToString(CultureInfo.InvariantCulture);
        request[CallId] = callId;
        request[StartTime] = start;
        if (string.IsNullOrEmpty(request[ForwardedHost]) && context.Request.Host.HasValue)
        {
            request[ForwardedHost] = context.Request.Host.Value;
        }

        if (string.IsNullOrEmpty(request[ForwardedProto]))
        {
            request[ForwardedProto] = context.Request.Scheme;
        }

        if (context.Connection.RemoteIpAddress is { } address)
        {
            var seen = (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
            var forwarded = request[ForwardedFor].ToString();
            request[ForwardedFor] = forwarded.Length == 0 ? seen : forwarded + ", " + seen;
        }

        context.Response.OnStarting(() =>
        {
            // The function's own values win, as in OpenFaaS, whose proxy copies the function's headers over the gateway's.
            var response = context.Response.Headers;
            if (!response.ContainsKey(CallId))
            {
                response[CallId] = callId;
            }

            if (!response.ContainsKey(StartTime))
            {
                response[StartTime] = start;
            }

            return Task.CompletedTask;
        });
        return callId;
    }

    /// <summary>A caller's call id is kept when it is 1 to 128 visible ASCII characters.</summary>
    private static bool IsSane(string value) => value.Length is > 0 and <= 128 && value.All(c => c is > ' ' and <= '~');
}
