using Faas.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace Faas.Gateway.Hosting;

/// <summary>The gateway settings' invariants, checked at start whoever built them (faas_config.yaml reports its own errors first).</summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            problems.Add("gateway host must be set");
        }

        if (options.Port is < 0 or > 65535)
        {
            problems.Add("gateway port must be from 0 to 65535");
        }

        if (options.MaxRequestBodyBytes < 1)
        {
            problems.Add("max_request_body_size must be at least 1 byte");
        }

        if (options.ShutdownTimeout < TimeSpan.Zero)
        {
            problems.Add("shutdown_timeout must not be negative");
        }

        var rate = options.RateLimit;
        if (rate.Enabled && (rate.RequestsPerSecond < 1 || rate.Burst < 1 || rate.QueueLimit < 0))
        {
            problems.Add("rate_limit needs requests_per_second and burst of at least 1 and a queue of at least 0");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
