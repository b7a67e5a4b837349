namespace Faas.Storage.Postgres;

/// <summary>The <c>registry:</c> section with <c>kind: postgres</c>: where the shared state lives.</summary>
public sealed record PostgresOptions
{
    /// <summary>An Npgsql connection string (<c>Host=...;Port=...;Database=...;Username=...;Password=...</c>), from the config or <c>FAAS_POSTGRES</c>.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Lines kept per function in the shared log table; older ones are trimmed as new ones arrive.</summary>
    public int LogLinesPerFunction { get; set; } = 1000;
}
