using System.Text;
using System.Text.Json;
using Faas.Gateway.Configuration;
using Faas.Gateway.Endpoints;
using Faas.Gateway.Errors;
using Faas.Gateway.Ui.Auth;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Invocation;
using Microsoft.Extensions.Options;

namespace Faas.Gateway.Ui.Actions;

/// <summary>
/// The invoke console's calls: the invoke scope and the key's function limit first, then the same request the
/// REST route builds (<see cref="InvokeEndpoints.Headers"/> drops credentials, hop-by-hop and <c>X-Faas-*</c>
/// headers; the body limit is <c>max_request_body_size</c>) through the one <see cref="IFunctionInvoker"/>.
/// Failures read as the REST route would answer them.
/// </summary>
internal sealed class DashboardInvoker(IFunctionInvoker invoker, IOptions<GatewayOptions> gateway, TimeProvider time)
{
    public const int ShownBodyBytes = 64 * 1024;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public async Task<InvokeAnswer> InvokeAsync(DashboardCaller caller, InvokeForm form, CancellationToken cancellationToken)
    {
        var function = form.Function.Trim();
        if (!caller.CanInvoke)
        {
            return Refused(403, "forbidden", "this API key lacks the invoke scope");
        }

        if (!FunctionName.IsValid(function))
        {
            return Refused(400, "bad_request", FunctionName.Problem(function));
        }

        if (!caller.Allows(function))
        {
            return Refused(403, "forbidden", $"this API key may not use function '{function}'");
        }

        var (request, problem) = InvokeRequests.Build(form, gateway.Value.MaxRequestBodyBytes);
        if (request is null)
        {
            return Refused(problem!.Value.Status, ApiErrors.CodeFor(problem.Value.Status), problem.Value.Message);
        }

        var started = time.GetTimestamp();
        using var result = await invoker.InvokeAsync(caller.Function(function), request, cancellationToken).ConfigureAwait(false);
        if (result.Outcome != InvocationOutcome.Success)
        {
            var (status, code) = ApiErrors.For(result.Outcome);
            return Refused(status, code, result.Message, time.GetElapsedTime(started).TotalMilliseconds, result.ColdStart);
        }

        await using var body = new CappedBuffer(ShownBodyBytes);
        await result.CopyBodyToAsync(body, cancellationToken).ConfigureAwait(false);
        var elapsed = time.GetElapsedTime(started).TotalMilliseconds;
        var (text, binary) = Text(body.Kept);
        return new InvokeAnswer(result.StatusCode, result.Headers.ToList(), text, body.Total, body.Truncated, binary, elapsed, result.ColdStart);
    }

    private static (string Text, bool Binary) Text(byte[] bytes)
    {
        try
        {
            var text = s_strictUtf8.GetString(bytes);
            return text.Contains('\0', StringComparison.Ordinal) ? ("", true) : (text, false);
        }
        catch (DecoderFallbackException)
        {
            // A cut in the middle of a character is not binary: only a body that is whole and not UTF-8 is.
            return bytes.Length == ShownBodyBytes ? (Encoding.UTF8.GetString(bytes), false) : ("", true);
        }
    }

    private static InvokeAnswer Refused(int status, string code, string message, double milliseconds = 0, bool coldStart = false)
    {
        var json = JsonSerializer.Serialize(new { error = new { code, message } });
        return new InvokeAnswer(status, [new("Content-Type", "application/json")], json, Encoding.UTF8.GetByteCount(json), false, false, milliseconds, coldStart);
    }
}
