namespace Faas.Runtime.Container.Docker.Models;

/// <summary>An rlimit of a container (<c>nofile</c>, ...).</summary>
internal sealed record Ulimit(string Name, long Soft, long Hard);
