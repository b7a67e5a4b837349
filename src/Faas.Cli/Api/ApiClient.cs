using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Faas.Cli.Settings;

namespace Faas.Cli.Api;

/// <summary>
/// The REST API over one <see cref="HttpClient"/>: sends the key, turns every failure into an
/// <see cref="ApiError"/> value (never an exception), and does not follow redirects (a key is not
/// sent anywhere but the configured URL).
/// </summary>
internal sealed class ApiClient : IDisposable
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(5);

    private readonly HttpClient _http;

    public ApiClient(CliSettings settings, HttpMessageHandler? handler = null)
    {
        Settings = settings;
        _http = CreateHttpClient(settings, handler ?? CreateHandler(16), RequestTimeout);
    }

    public CliSettings Settings { get; }

    /// <summary>An HttpClient for the configured platform with the key set (also what <c>faas bench</c> loads it with).</summary>
    public static HttpClient CreateHttpClient(CliSettings settings, HttpMessageHandler handler, TimeSpan timeout)
    {
        var http = new HttpClient(handler, disposeHandler: true) { BaseAddress = settings.Url, Timeout = timeout };
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("faas-cli", CliVersion.Value));
        if (settings.Key is { } key)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return http;
    }

    public static SocketsHttpHandler CreateHandler(int maxConnections) => new()
    {
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        MaxConnectionsPerServer = maxConnections,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
    };

    public Task<ApiResult<JsonNode>> GetAsync(string path, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Get, path, null, cancellationToken);

    /// <summary>Sends JSON (when <paramref name="body"/> is given) and reads a JSON answer; an empty answer (204) is an empty object.</summary>
    public async Task<ApiResult<JsonNode>> SendJsonAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        var sent = await SendAsync(request, cancellationToken);
        if (sent.Error is { } error)
        {
            return error;
        }

        var response = sent.Value!;
        if (!response.IsSuccess)
        {
            return ApiError.FromResponse(response);
        }

        if (response.Body.Length == 0)
        {
            return new JsonObject();
        }

        try
        {
            return JsonNode.Parse(response.Body) ?? new JsonObject();
        }
        catch (JsonException)
        {
            return ApiError.BadAnswer(response.Status, $"the answer to {method} /{path} is not JSON: is {Settings.Url} a Faas platform?");
        }
    }

    /// <summary>Any HTTP answer, whatever its status; an error only when there was no answer.</summary>
    public async Task<ApiResult<RawResponse>> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                headers.TryAdd(name, string.Join(", ", values));
            }

            return new RawResponse((int)response.StatusCode, headers, body);
        }
        catch (HttpRequestException ex)
        {
            return ApiError.Unreachable(Settings.Url, Reason(ex));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ApiError.Unreachable(Settings.Url, $"no answer within {RequestTimeout.TotalSeconds:0} s");
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The innermost message ("Connection refused (127.0.0.1:8000)"), which says the most.</summary>
    private static string Reason(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex.Message;
    }
}
