using System.Net;

namespace Faas.Runtime.Container.Docker;

/// <summary>The engine answered with an error; <see cref="DockerMessage"/> is Docker's own explanation.</summary>
internal sealed class DockerApiException(HttpStatusCode statusCode, string operation, string dockerMessage, Exception? inner = null)
    : Exception($"Docker {operation} failed ({(int)statusCode}): {dockerMessage}", inner)
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    public string Operation { get; } = operation;

    public string DockerMessage { get; } = dockerMessage;

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;
}
