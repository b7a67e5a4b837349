using Faas.Orchestrator.Storage;
using Microsoft.Extensions.Logging;

namespace Faas.Orchestrator.Executions;

/// <summary>
/// POSTs a finished execution (the JSON of <c>GET /executions/{id}</c>) to its <c>X-Callback-Url</c>,
/// retrying with backoff up to <c>max_attempts</c>. The pending state is durable: a delivery cut short
/// by a stop or a crash is made again at the next start (at least once).
/// </summary>
internal sealed partial class CallbackSender(IExecutionStore store, ExecutionOptions options, TimeProvider time, HttpClient http, ILogger logger)
    : IDisposable
{
    public const string ExecutionIdHeader = "X-Faas-Execution-Id";

    /// <summary>
    /// An HTTP client that never follows redirects or uses a proxy and connects only to allowed targets
    /// (<see cref="CallbackConnector"/>), so a callback goes only where it was checked to go.
    /// </summary>
    public static HttpClient CreateHttpClient(ExecutionOptions options) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        ConnectCallback = CallbackConnector.For(options.CallbackAllowHosts),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task DeliverAsync(string id, CancellationToken cancellationToken)
    {
        // In a cluster another node may be delivering it (or have done so): only the claim's holder sends it.
        if (!await store.TryClaimCallbackAsync(id, CancellationToken.None).ConfigureAwait(false))
        {
            return;
        }

        var problem = "no attempt was made";
        for (var attempt = 1; attempt <= options.MaxAttempts; attempt++)
        {
            var record = await store.FindAsync(id, CancellationToken.None).ConfigureAwait(false);
            if (record?.CallbackUrl is not { } url || record.CallbackState != CallbackState.Pending)
            {
                return;
            }

            if (CallbackPolicy.Problem(url, options.CallbackAllowHosts) is { } refused)
            {
                Log.Refused(logger, id, refused);
                await store.SetCallbackStateAsync(id, CallbackState.Failed, CancellationToken.None).ConfigureAwait(false);
                return;
            }

            problem = await PostAsync(record, url, cancellationToken).ConfigureAwait(false);
            if (problem is null)
            {
                await store.SetCallbackStateAsync(id, CallbackState.Delivered, CancellationToken.None).ConfigureAwait(false);
                Log.Delivered(logger, id, attempt);
                return;
            }

            Log.AttemptFailed(logger, id, attempt, problem);
            if (attempt < options.MaxAttempts)
            {
                await Task.Delay(options.BackoffAfter(attempt), time, cancellationToken).ConfigureAwait(false);
            }
        }

        await store.SetCallbackStateAsync(id, CallbackState.Failed, CancellationToken.None).ConfigureAwait(false);
        Log.GaveUp(logger, id, options.MaxAttempts, problem);
    }

    /// <summary>Null on a 2xx answer; otherwise what went wrong. Throws only when <paramref name="cancellationToken"/> fires.</summary>
    private async Task<string?> PostAsync(ExecutionRecord record, string url, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.CallbackTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new ByteArrayContent(ExecutionJson.Serialize(record, withCallbackState: false)),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(ExecutionIdHeader, record.Id);
        try
        {
            using var response = await http.SendAsync(request, linked.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"the callback answered {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"the callback did not answer within {options.CallbackTimeout.TotalSeconds:0.#} s";
        }
        catch (HttpRequestException ex)
        {
            return ex.Message;
        }
    }

    public void Dispose() => http.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "Callback of execution {Id} delivered at attempt {Attempt}")]
        public static partial void Delivered(ILogger logger, string id, int attempt);

        [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Callback of execution {Id} failed at attempt {Attempt}: {Problem}")]
        public static partial void AttemptFailed(ILogger logger, string id, int attempt, string problem);

        [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Callback of execution {Id} given up after {Attempts} attempts: {Problem}")]
        public static partial void GaveUp(ILogger logger, string id, int attempts, string problem);

        [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "Callback of execution {Id} refused: {Problem}")]
        public static partial void Refused(ILogger logger, string id, string problem);
    }
}
