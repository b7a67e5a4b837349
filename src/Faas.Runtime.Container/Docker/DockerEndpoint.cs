namespace Faas.Runtime.Container.Docker;

/// <summary>A Docker engine endpoint. Only Unix sockets: the platform never talks to an engine over IP.</summary>
internal sealed record DockerEndpoint(string SocketPath)
{
    public static DockerEndpoint Parse(string endpoint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint);
        const string scheme = "unix://";
        if (endpoint.StartsWith(scheme, StringComparison.Ordinal))
        {
            var path = endpoint[scheme.Length..];
            if (path.Length > 0 && path[0] == '/')
            {
                return new DockerEndpoint(path);
            }
        }
        else if (endpoint[0] == '/')
        {
            return new DockerEndpoint(endpoint);
        }

        throw new ArgumentException(
            $"Docker endpoint '{endpoint}' is not supported: use unix:///path/to/docker.sock (the platform never talks to Docker over IP).",
            nameof(endpoint));
    }

    public override string ToString() => "unix://" + SocketPath;
}
