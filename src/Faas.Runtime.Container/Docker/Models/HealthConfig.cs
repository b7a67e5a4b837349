namespace Faas.Runtime.Container.Docker.Models;

/// <summary>A container's health check (<c>Config.Healthcheck</c>); <c>Test = ["NONE"]</c> disables the image's own.</summary>
internal sealed record HealthConfig
{
    /// <summary>Disables any health check the image declares: it would run inside the function's limits.</summary>
    public static HealthConfig None { get; } = new() { Test = ["NONE"] };

    public IReadOnlyList<string>? Test { get; init; }
}
