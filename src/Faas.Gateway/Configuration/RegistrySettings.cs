namespace Faas.Gateway.Configuration;

internal enum RegistryKind
{
    Sqlite,
    Postgres,
}

/// <summary>The <c>registry:</c> section: where shared state lives (SQLite files beside the gateway, or PostgreSQL for a cluster).</summary>
internal sealed record RegistrySettings(RegistryKind Kind, string? ConnectionString)
{
    public static RegistrySettings Embedded { get; } = new(RegistryKind.Sqlite, null);
}
