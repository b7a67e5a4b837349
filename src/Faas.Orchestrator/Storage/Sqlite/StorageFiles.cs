namespace Faas.Orchestrator.Storage.Sqlite;

/// <summary>The files the embedded stores keep in the storage path.</summary>
internal static class StorageFiles
{
    public const string Registry = "registry.db";
    public const string Executions = "executions.db";
    public const string Secrets = "secrets.db";
    public const string Artifacts = "artifacts";

    /// <summary>Function objects' metadata (<see cref="SqliteObjectStore"/>); their content is in <see cref="ObjectContent"/>.</summary>
    public const string Objects = "objects.db";

    public const string ObjectContent = "objects";
    public const string Lock = "platform.lock";

    /// <summary>Every SQLite database of the platform, by file name.</summary>
    public static IReadOnlyList<string> Databases { get; } = [Registry, Executions, Secrets, Objects];

    public static readonly string[] Companions = ["-wal", "-shm", "-journal"];
}
