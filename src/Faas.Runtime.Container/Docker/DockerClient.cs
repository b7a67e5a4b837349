using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Faas.Runtime.Container.Docker.Models;

namespace Faas.Runtime.Container.Docker;

/// <summary>
/// A small typed client of the Docker Engine REST API over a Unix socket. The API version is negotiated
/// from <c>GET /version</c>: the lower of the engine's and <see cref="MaximumApiVersion"/>.
/// </summary>
internal sealed partial class DockerClient : IDisposable
{
    public static readonly Version MinimumApiVersion = new(1, 40);
    public static readonly Version MaximumApiVersion = new(1, 45);

    private readonly HttpClient _http;
    private readonly TimeSpan _requestTimeout;
    private readonly SemaphoreSlim _negotiation = new(1, 1);
    private string _prefix = "";

    public DockerClient(DockerEndpoint endpoint, HttpMessageHandler handler, TimeSpan requestTimeout)
    {
        Endpoint = endpoint;
        _requestTimeout = requestTimeout;
        _http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = new Uri("http://docker/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public DockerEndpoint Endpoint { get; }

    /// <summary>The negotiated API version, once <see cref="NegotiateAsync"/> has run.</summary>
    public Version? ApiVersion { get; private set; }

    /// <summary>The engine's answer to <c>GET /version</c>, once negotiated.</summary>
    public VersionResponse? Engine { get; private set; }

    public static DockerClient Create(DockerEndpoint endpoint, TimeSpan requestTimeout)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(endpoint.SocketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new DockerClient(endpoint, handler, requestTimeout);
    }

    /// <summary>Picks the API version: min(engine's ApiVersion, ours). Fails if the engine is too old.</summary>
    public async Task<VersionResponse> NegotiateAsync(CancellationToken cancellationToken)
    {
        await _negotiation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Engine is not null)
            {
                return Engine;
            }

            var version = await GetJsonAsync<VersionResponse>("/version", "version", versioned: false, cancellationToken).ConfigureAwait(false);
            ApiVersion = ChooseApiVersion(version.ApiVersion);
            _prefix = "/v" + ApiVersion.ToString(2);
            Engine = version;
            return version;
        }
        finally
        {
            _negotiation.Release();
        }
    }

    internal static Version ChooseApiVersion(string? engineApiVersion)
    {
        if (!Version.TryParse(engineApiVersion, out var engine))
        {
            throw new DockerApiException(HttpStatusCode.OK, "version", $"engine reported an unreadable API version '{engineApiVersion}'");
        }

        if (engine < MinimumApiVersion)
        {
            throw new DockerApiException(
                HttpStatusCode.OK,
                "version",
                $"engine API {engine} is older than the minimum supported {MinimumApiVersion} (Docker 19.03)");
        }

        return engine < MaximumApiVersion ? engine : MaximumApiVersion;
    }

    /// <summary><c>GET /_ping</c>; throws <see cref="DockerUnreachableException"/> when nothing answers.</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "/_ping", null, "ping", versioned: false, streaming: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>GET /info</c>: storage driver, cgroup version and which limits the engine enforces.</summary>
    public Task<InfoResponse> GetInfoAsync(CancellationToken cancellationToken) =>
        GetJsonAsync<InfoResponse>("/info", "info", versioned: true, cancellationToken);

    private async Task<T> GetJsonAsync<T>(string path, string operation, bool versioned, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, operation, versioned, streaming: false, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync<T>(response, operation, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TResponse> PostJsonAsync<TRequest, TResponse>(string path, TRequest body, string operation, CancellationToken cancellationToken)
    {
        using var content = JsonContent.Create(body, options: DockerJson.Options);
        using var response = await SendAsync(HttpMethod.Post, path, content, operation, versioned: true, streaming: false, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync<TResponse>(response, operation, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        try
        {
            var value = await response.Content.ReadFromJsonAsync<T>(DockerJson.Options, cancellationToken).ConfigureAwait(false);
            return value ?? throw new DockerApiException(response.StatusCode, operation, "empty answer");
        }
        catch (JsonException ex)
        {
            throw new DockerApiException(response.StatusCode, operation, "unreadable answer: " + ex.Message, ex);
        }
    }

    /// <summary>
    /// Sends one request. Non-streaming calls are bounded by the request timeout and their body is buffered;
    /// streaming calls (logs, wait, import) run until the caller cancels. Error answers become <see cref="DockerApiException"/>.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string pathAndQuery,
        HttpContent? content,
        string operation,
        bool versioned,
        bool streaming,
        CancellationToken cancellationToken)
    {
        if (versioned && ApiVersion is null)
        {
            await NegotiateAsync(cancellationToken).ConfigureAwait(false);
        }

        using var request = new HttpRequestMessage(method, (versioned ? _prefix : "") + pathAndQuery) { Content = content };
        using var timeout = streaming ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout?.CancelAfter(_requestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(
                request,
                streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead,
                timeout?.Token ?? cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException or IOException || ex.HttpRequestError == HttpRequestError.ConnectionError)
        {
            throw new DockerUnreachableException(Endpoint, ex.InnerException?.Message ?? ex.Message, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DockerUnreachableException(Endpoint, $"{operation} got no answer within {_requestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new DockerApiException(response.StatusCode, operation, ExtractMessage(text));
        }
    }

    internal static string ExtractMessage(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "(no message)";
        }

        try
        {
            var error = JsonSerializer.Deserialize<ErrorResponse>(body, DockerJson.Options);
            if (!string.IsNullOrEmpty(error?.Message))
            {
                return error.Message;
            }
        }
        catch (JsonException)
        {
            // Not JSON (older engines answer some errors as text/plain): use the text.
        }

        return body.Trim();
    }

    private static string Escape(string value) => Uri.EscapeDataString(value);

    public void Dispose()
    {
        _http.Dispose();
        _negotiation.Dispose();
    }
}
