namespace Faas.Runtime.Container.Docker;

/// <summary>No engine answered at the endpoint (socket missing, refused, or timed out).</summary>
internal sealed class DockerUnreachableException(DockerEndpoint endpoint, string detail, Exception? inner = null)
    : Exception($"No Docker engine answers at {endpoint}: {detail}", inner)
{
    public DockerEndpoint Endpoint { get; } = endpoint;
}
