namespace Faas.Orchestrator.Storage.Sqlite;

/// <summary>The files the embedded stores keep in the storage path.</summary>
internal static class StorageFiles
{
    public const string Registry = "registry.db";
    public const string Executions = "executions.db";
    public const string Secrets = "secrets.db";
    public const string Artifacts = "artifacts";
    public const string Lock = "platform.lock";

    /// <summary>Every SQLite database of the platform, by file name.</summary>
    public static IReadOnlyList<string> Databases { get; } = [Registry, Executions, Secrets];

    public static readonly string[] Companions = ["-wal", "-shm", "-journal"];
}
