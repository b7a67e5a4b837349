namespace Faas.Storage.Postgres.Database;

/// <summary>
/// The schema, as numbered migrations: <see cref="s_steps"/>[i] turns version i into version i + 1. Applied at start
/// in one transaction holding a transaction-level advisory lock, so two nodes starting at once apply each step
/// exactly once (the second waits, then finds the schema current). A database newer than this code is refused.
/// The version is in <c>faas_schema</c>.
/// </summary>
internal static class Migrations
{
    /// <summary>Any constant: the advisory lock every node takes while it migrates.</summary>
    private const long LockKey = 0x46616173_5363686DL;

    private static readonly string[] s_steps =
    [
        // 1: the first release's shared state.
        """
        CREATE TABLE functions (
            name text PRIMARY KEY,
            version bigint NOT NULL,
            code text NOT NULL,
            artifact_hash text NOT NULL,
            settings jsonb NOT NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL);
        CREATE TABLE function_versions (
            name text NOT NULL,
            version bigint NOT NULL,
            code text NOT NULL,
            artifact_hash text NOT NULL,
            settings jsonb NOT NULL,
            created_at timestamptz NOT NULL,
            PRIMARY KEY (name, version));
        CREATE TABLE artifacts (
            hash text PRIMARY KEY,
            assembly bytea NOT NULL);
        CREATE TABLE secrets (
            name text PRIMARY KEY,
            value bytea NOT NULL,
            grants text NOT NULL DEFAULT '',
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL);
        CREATE TABLE executions (
            id text PRIMARY KEY,
            function text NOT NULL,
            method text NOT NULL,
            path text NOT NULL,
            query jsonb NOT NULL,
            headers jsonb NOT NULL,
            body bytea NOT NULL,
            callback_url text,
            callback_state text,
            status text NOT NULL,
            attempts integer NOT NULL,
            created_at timestamptz NOT NULL,
            started_at timestamptz,
            finished_at timestamptz,
            next_attempt_at timestamptz NOT NULL,
            result_status integer,
            result_headers jsonb,
            result_body bytea,
            error text,
            lease_owner text,
            lease_version bigint NOT NULL DEFAULT 0,
            lease_expires_at timestamptz,
            callback_owner text,
            callback_expires_at timestamptz);
        CREATE INDEX executions_due ON executions (status, next_attempt_at);
        CREATE INDEX executions_finished ON executions (finished_at);
        CREATE INDEX executions_pending_callbacks ON executions (finished_at) WHERE callback_state = 'pending';
        CREATE TABLE function_logs (
            id bigserial PRIMARY KEY,
            function text NOT NULL,
            instance_id text NOT NULL,
            node text NOT NULL,
            stream text NOT NULL,
            line text NOT NULL,
            at timestamptz NOT NULL);
        CREATE INDEX function_logs_by_function ON function_logs (function, id);
        CREATE TABLE cluster_nodes (
            name text PRIMARY KEY,
            url text NOT NULL,
            state text NOT NULL,
            incarnation text NOT NULL,
            started_at timestamptz NOT NULL,
            last_seen timestamptz NOT NULL,
            report jsonb NOT NULL DEFAULT '{}');
        CREATE TABLE cluster_meta (
            key text PRIMARY KEY,
            value text NOT NULL);
        """,
        // 2: versions' aliases, schedules, and what an execution asked for and ran (issue 15).
        """
        CREATE TABLE aliases (
            function text NOT NULL,
            name text NOT NULL,
            routes jsonb NOT NULL,
            updated_at bigint NOT NULL,
            PRIMARY KEY (function, name));
        CREATE TABLE schedules (
            function text NOT NULL,
            name text NOT NULL,
            cron text NOT NULL,
            time_zone text NOT NULL,
            qualifier text,
            body bytea NOT NULL,
            headers jsonb NOT NULL,
            catch_up text NOT NULL,
            origin text NOT NULL,
            created_at bigint NOT NULL,
            next_run bigint NOT NULL,
            last_run bigint,
            PRIMARY KEY (function, name));
        ALTER TABLE executions ADD COLUMN qualifier text;
        ALTER TABLE executions ADD COLUMN version bigint;
        ALTER TABLE executions ADD COLUMN schedule text;
        CREATE INDEX executions_by_function ON executions (function, created_at);
        """,
        // 3: API keys made over REST and users who sign in (issue 17, auth).
        """
        CREATE TABLE api_keys (
            namespace text NOT NULL,
            name text NOT NULL,
            sha256 bytea NOT NULL UNIQUE,
            scopes text NOT NULL,
            functions text,
            created_at timestamptz NOT NULL,
            last_used_at timestamptz,
            expires_at timestamptz,
            PRIMARY KEY (namespace, name));
        CREATE TABLE users (
            username text PRIMARY KEY,
            namespace text NOT NULL,
            password_hash text NOT NULL,
            scopes text NOT NULL,
            disabled boolean NOT NULL,
            security_stamp text NOT NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL);
        CREATE INDEX users_by_namespace ON users (namespace);
        """,
        // 4: namespaces own functions, versions, aliases, schedules, secrets and executions (issue 17); rows from before are default's.
        """
        CREATE TABLE namespaces (
            name text PRIMARY KEY,
            quota jsonb NOT NULL,
            created_at timestamptz NOT NULL);
        INSERT INTO namespaces (name, quota, created_at) VALUES ('default', '{}', now());
        ALTER TABLE functions ADD COLUMN namespace text NOT NULL DEFAULT 'default';
        ALTER TABLE functions DROP CONSTRAINT functions_pkey, ADD PRIMARY KEY (namespace, name);
        ALTER TABLE function_versions ADD COLUMN namespace text NOT NULL DEFAULT 'default';
        ALTER TABLE function_versions DROP CONSTRAINT function_versions_pkey, ADD PRIMARY KEY (namespace, name, version);
        ALTER TABLE aliases ADD COLUMN namespace text NOT NULL DEFAULT 'default';
        ALTER TABLE aliases DROP CONSTRAINT aliases_pkey, ADD PRIMARY KEY (namespace, function, name);
        ALTER TABLE schedules ADD COLUMN namespace text NOT NULL DEFAULT 'default';
        ALTER TABLE schedules DROP CONSTRAINT schedules_pkey, ADD PRIMARY KEY (namespace, function, name);
        ALTER TABLE secrets ADD COLUMN namespace text NOT NULL DEFAULT 'default';
        ALTER TABLE secrets DROP CONSTRAINT secrets_pkey, ADD PRIMARY KEY (namespace, name);
        ALTER TABLE executions ADD COLUMN namespace text NOT NULL DEFAULT 'default';
        DROP INDEX executions_by_function;
        CREATE INDEX executions_by_function ON executions (namespace, function, created_at);
        """,
        // 5: function objects (issue 17): metadata, and content in pieces keyed by hash, shared by equal objects.
        """
        CREATE TABLE objects (
            namespace text NOT NULL,
            function text NOT NULL,
            name text NOT NULL,
            size bigint NOT NULL,
            sha256 text NOT NULL,
            updated_at timestamptz NOT NULL,
            PRIMARY KEY (namespace, function, name));
        CREATE INDEX objects_by_sha256 ON objects (sha256);
        CREATE TABLE object_content (
            sha256 text NOT NULL,
            piece integer NOT NULL,
            data bytea NOT NULL,
            PRIMARY KEY (sha256, piece));
        """,
    ];

    /// <summary>The version this code brings a database to.</summary>
    public static int Latest => s_steps.Length;

    public static Task ApplyAsync(PostgresDatabase database) => database.RawAsync(async connection =>
    {
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", transaction, default, ("key", LockKey)).ConfigureAwait(false);
        await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS faas_schema (version integer NOT NULL)", transaction, default).ConfigureAwait(false);
        var current = await connection.ScalarAsync("SELECT max(version) FROM faas_schema", transaction, default).ConfigureAwait(false) is int stored ? stored : 0;
        if (current > s_steps.Length)
        {
            throw new InvalidOperationException(
                $"the registry database (PostgreSQL at {database.Where}) has schema version {current}, newer than this platform knows ({s_steps.Length}); use a newer Faas");
        }

        for (var version = current; version < s_steps.Length; version++)
        {
            await connection.ExecuteAsync(s_steps[version], transaction, default).ConfigureAwait(false);
        }

        if (current < s_steps.Length)
        {
            await connection.ExecuteAsync("DELETE FROM faas_schema", transaction, default).ConfigureAwait(false);
            await connection.ExecuteAsync("INSERT INTO faas_schema (version) VALUES (@version)", transaction, default, ("version", s_steps.Length)).ConfigureAwait(false);
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        return current;
    });

    /// <summary>The schema version recorded in the database (0 when none).</summary>
    public static Task<int> VersionAsync(PostgresDatabase database) => database.RawAsync(async connection =>
        await connection.ScalarAsync("SELECT CASE WHEN to_regclass('faas_schema') IS NULL THEN 0 ELSE (SELECT coalesce(max(version), 0) FROM faas_schema) END",
            null, default).ConfigureAwait(false) is int version ? version : 0);

}
