using System.Net;
using System.Net.Sockets;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Runtime;

namespace Faas.Runtime.Container.Watchdog;

/// <summary>
/// An OpenFaaS image function's instance: a container whose watchdog listens on port 8080 of the
/// container's own loopback. Calls go over HTTP on sockets created inside the container's network
/// namespace (<see cref="NamespaceSocket"/>), through the handle the runtime took when the container
/// started (owned by the container instance), never through its pid; the container keeps <c>--network none</c>.
/// </summary>
internal sealed class WatchdogInstance : IInstanceBackend
{
    public const int WatchdogPort = 8080;

    private static readonly HashSet<string> s_skipRequestHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Authorization", "Authorization", "Expect", "TE",
    };

    private readonly IRuntimeInstance _runtime;
    private readonly TimeProvider _time;
    private readonly HttpClient _client;
    private int _disposed;

    public WatchdogInstance(IRuntimeInstance runtime, NetworkNamespaceHandle networkNamespace, TimeProvider time)
    {
        _runtime = runtime;
        _time = time;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectCallback = async (_, cancellationToken) =>
                new NetworkStream(await NamespaceSocket.ConnectAsync(networkNamespace, WatchdogPort, cancellationToken).ConfigureAwait(false), ownsSocket: true),
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan, BaseAddress = new Uri($"http://127.0.0.1:{WatchdogPort}") };
    }

    public string RuntimeId => _runtime.RuntimeId;

    public int? Pid => _runtime.Pid;

    public Task<InstanceExit> Ended => _runtime.Exited;

    /// <summary>Polls <c>GET /_/health</c> until the watchdog answers (2xx, or 404 from a server without that route).</summary>
    public async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_runtime.Exited.IsCompleted)
            {
                var exit = await _runtime.Exited.ConfigureAwait(false);
                throw new InstanceStartException($"the function's container exited before its watchdog answered: {exit.Reason}");
            }

            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(TimeSpan.FromSeconds(2));
                using var response = await _client.GetAsync("/_/health", attempt.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<InvocationResult> InvokeAsync(FunctionRequest request, TimeSpan timeout, CancellationToken callerAborted)
    {
        using var message = ToHttp(request);
        // The deadline covers the body too: both sources pass to the body, which disposes them.
        var deadline = new CancellationTokenSource(timeout, _time);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, callerAborted);
        HttpResponseMessage? response = null;
        var handedOver = false;
        try
        {
            // Headers only: the body is streamed to the caller as it arrives, never read whole.
            response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                foreach (var value in values)
                {
                    headers.Add(new(name, value));
                }
            }

            var result = InvocationResult.Success((int)response.StatusCode, headers,
                new WatchdogResponseBody(response, deadline, linked, timeout, callerAborted));
            handedOver = true;
            return result;
        }
        catch (OperationCanceledException) when (callerAborted.IsCancellationRequested)
        {
            return InvocationResult.Failed(InvocationOutcome.ClientClosed, "the caller closed the request");
        }
        catch (OperationCanceledException)
        {
            return InvocationResult.Failed(InvocationOutcome.Timeout, $"the function did not answer within its timeout of {timeout.TotalSeconds:0.###} s");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            var reason = _runtime.Exited.IsCompleted ? (await _runtime.Exited.ConfigureAwait(false)).Reason : ex.Message;
            return InvocationResult.Failed(InvocationOutcome.InstanceDied, $"the function's watchdog failed: {reason}");
        }
        finally
        {
            if (!handedOver)
            {
                response?.Dispose();
                linked.Dispose();
                deadline.Dispose();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _client.Dispose();
        await _runtime.KillAsync().ConfigureAwait(false);
        await _runtime.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The call as the watchdog takes it: the same method, path, query, headers (credentials and hop-by-hop ones left out) and body.</summary>
    private static HttpRequestMessage ToHttp(FunctionRequest request)
    {
        var query = request.Query.Count == 0 ? ""
            : "?" + string.Join('&', request.Query.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path + query)
        {
            Content = new ReadOnlyMemoryContent(request.Body),
        };
        foreach (var (name, value) in request.Headers)
        {
            if (s_skipRequestHeaders.Contains(name))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (request.Body.IsEmpty && request.Method is "GET" or "HEAD")
        {
            message.Content = null;
        }

        return message;
    }
}
