namespace Faas.Cli.Deploy;

/// <summary>The config flags of <c>faas deploy</c>, as typed (null: not given).</summary>
internal sealed record DeployFlags
{
    public string? ConfigFile { get; init; }

    public string? Mode { get; init; }

    public string? Handler { get; init; }

    public string? Memory { get; init; }

    public string? Timeout { get; init; }

    public string? Cpu { get; init; }

    public int? Min { get; init; }

    public int? Max { get; init; }

    public int? Concurrency { get; init; }

    public IReadOnlyList<string> Environment { get; init; } = [];

    public IReadOnlyList<string> Secrets { get; init; } = [];
}
