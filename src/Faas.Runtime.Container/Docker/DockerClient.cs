using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Handler.Abstractions;
using Docker.DotNet.Models;
using Docker.DotNet.Unix;
using Microsoft.Extensions.Logging.Abstractions;
using EngineApiException = Docker.DotNet.DockerApiException;
using Version = System.Version;

namespace Faas.Runtime.Container.Docker;

/// <summary>
/// The platform's view of the Docker engine: <c>Docker.DotNet</c> (the Enhanced package) over a Unix socket,
/// with its failures sorted into two kinds — no engine answers (<see cref="DockerUnreachableException"/>, which
/// makes container mode unavailable) or the engine refused (<see cref="DockerApiException"/> with Docker's own
/// message) — and the expected "not there" answers as values. Names and ids are escaped into the request path,
/// so no hostile image name can reach another endpoint. The API version is negotiated from <c>GET /version</c>:
/// the lower of the engine's and <see cref="MaximumApiVersion"/>. Ordinary calls are bounded by the request
/// timeout; streaming ones (wait, logs, import) run until the caller cancels.
/// </summary>
internal sealed partial class DockerClient : IDisposable
{
    public static readonly Version MinimumApiVersion = new(1, 40);
    public static readonly Version MaximumApiVersion = new(1, 45);

    private readonly Func<ClientOptions, IDockerClient> _connect;
    private readonly TimeSpan _requestTimeout;
    private readonly IDockerClient _unversioned;
    private readonly SemaphoreSlim _negotiation = new(1, 1);
    private IDockerClient? _engine;

    /// <param name="endpoint">The engine's socket.</param>
    /// <param name="requestTimeout">Bound of ordinary (non-streaming) calls.</param>
    /// <param name="connect">Builds a library client from its options (the Unix transport; tests pass a fake one).</param>
    public DockerClient(DockerEndpoint endpoint, TimeSpan requestTimeout, Func<ClientOptions, IDockerClient> connect)
    {
        Endpoint = endpoint;
        _requestTimeout = requestTimeout;
        _connect = connect;
        _unversioned = connect(Options(null));
    }

    public DockerEndpoint Endpoint { get; }

    /// <summary>The negotiated API version, once <see cref="NegotiateAsync"/> has run.</summary>
    public Version? ApiVersion { get; private set; }

    /// <summary>The engine's answer to <c>GET /version</c>, once negotiated.</summary>
    public VersionResponse? Engine { get; private set; }

    /// <summary>
    /// A client of the engine at <paramref name="endpoint"/>. Only the given socket is used: the Docker CLI's
    /// <c>DOCKER_HOST</c>, contexts and <c>~/.docker</c> play no part.
    /// </summary>
    public static DockerClient Create(DockerEndpoint endpoint, TimeSpan requestTimeout) =>
        new(endpoint, requestTimeout, options =>
            new DockerClientBuilder<UnixSocketTransportOptions>(DockerHandlerFactory.Instance, new UnixSocketTransportOptions(), options, NullLogger.Instance).Build());

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

            var version = await CallAsync(_unversioned, "version", (engine, ct) => engine.System.GetVersionAsync(ct), cancellationToken).ConfigureAwait(false);
            ApiVersion = ChooseApiVersion(version.APIVersion);
            _engine = _connect(Options(ApiVersion));
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
    public Task PingAsync(CancellationToken cancellationToken) =>
        CallAsync(_unversioned, "ping", async (engine, ct) =>
        {
            await engine.System.PingAsync(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary><c>GET /info</c>: storage driver, cgroup version and which limits the engine enforces.</summary>
    public Task<SystemInfoResponse> GetInfoAsync(CancellationToken cancellationToken) =>
        CallAsync("info", (engine, ct) => engine.System.GetSystemInfoAsync(ct), cancellationToken);

    /// <summary>Runs one call on the negotiated client (negotiating first if needed), mapping its failures.</summary>
    private async Task<T> CallAsync<T>(string operation, Func<IDockerClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        if (_engine is null)
        {
            await NegotiateAsync(cancellationToken).ConfigureAwait(false);
        }

        return await CallAsync(_engine!, operation, call, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The one place engine failures are sorted: an error answer keeps Docker's message; no connection, a broken
    /// one or no answer within the timeout means no engine is there. The caller's own cancellation passes through.
    /// </summary>
    private async Task<T> CallAsync<T>(IDockerClient engine, string operation, Func<IDockerClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(engine, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineApiException ex)
        {
            throw new DockerApiException(ex.StatusCode, operation, ExtractMessage(ex.ResponseBody), ex);
        }
        catch (JsonException ex)
        {
            throw new DockerApiException(HttpStatusCode.OK, operation, "unreadable answer: " + ex.Message, ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or SocketException or TimeoutException or ObjectDisposedException)
        {
            throw new DockerUnreachableException(Endpoint, Innermost(ex).Message, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DockerUnreachableException(
                Endpoint, $"{operation} got no answer within {_requestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", ex);
        }
    }

    /// <summary>Docker's <c>{"message": "..."}</c>, or the body as it is (some errors come as plain text).</summary>
    internal static string ExtractMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "(no message)";
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String
                && message.GetString() is { Length: > 0 } text)
            {
                return text;
            }
        }
        catch (JsonException)
        {
            // Not JSON (older engines answer some errors as text/plain): use the text.
        }

        return body.Trim();
    }

    /// <summary>A name or id as one escaped path segment: the library puts it into the path as given.</summary>
    private static string Segment(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return Uri.EscapeDataString(value);
    }

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception;
    }

    private ClientOptions Options(Version? apiVersion) => new()
    {
        Endpoint = new Uri("unix://" + Endpoint.SocketPath),
        ApiVersion = apiVersion,
        Timeout = _requestTimeout,
    };

    public void Dispose()
    {
        _engine?.Dispose();
        _unversioned.Dispose();
        _negotiation.Dispose();
    }
}
