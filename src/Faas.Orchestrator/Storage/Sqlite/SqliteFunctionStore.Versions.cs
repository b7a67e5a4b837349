using System.Globalization;
using System.Text.Json;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Namespaces;
using Microsoft.Data.Sqlite;

namespace Faas.Orchestrator.Storage.Sqlite;

/// <summary>The version history: every create and update is a row of <c>function_versions</c>, pruned to the newest few.</summary>
internal sealed partial class SqliteFunctionStore
{
    private const string VersionColumns = "name, version, code, artifact_hash, settings, created_at, namespace";

    public Task<IReadOnlyList<FunctionVersion>> ListVersionsAsync(FunctionKey function, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            using var command = _connection.Command(
                $"SELECT {VersionColumns} FROM function_versions WHERE namespace = $ns AND name = $name ORDER BY version",
                ("$ns", function.Namespace), ("$name", function.Name));
            using var reader = command.ExecuteReader();
            var versions = new List<FunctionVersion>();
            while (reader.Read())
            {
                versions.Add(ReadVersion(reader));
            }

            return Task.FromResult<IReadOnlyList<FunctionVersion>>(versions);
        }
    }

    public Task<FunctionVersion?> FindVersionAsync(FunctionKey function, long version, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            using var command = _connection.Command(
                $"SELECT {VersionColumns} FROM function_versions WHERE namespace = $ns AND name = $name AND version = $version",
                ("$ns", function.Namespace), ("$name", function.Name), ("$version", version));
            using var reader = command.ExecuteReader();
            return Task.FromResult(reader.Read() ? ReadVersion(reader) : null);
        }
    }

    public Task<IReadOnlyList<long>> PruneVersionsAsync(FunctionKey function, int keep, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            var all = Longs("SELECT version FROM function_versions WHERE namespace = $ns AND name = $name ORDER BY version DESC", function);
            var kept = all.Take(Math.Max(keep, 1)).ToHashSet();
            foreach (var alias in AliasesUnlocked(function))
            {
                kept.UnionWith(alias.Routes.Select(r => r.Version));
            }

            foreach (var qualifier in Strings("SELECT qualifier FROM schedules WHERE namespace = $ns AND function = $name AND qualifier IS NOT NULL", function))
            {
                if (long.TryParse(qualifier, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
                {
                    kept.Add(version);
                }
            }

            var removed = all.Where(v => !kept.Contains(v)).ToList();
            foreach (var version in removed)
            {
                using var delete = _connection.Command("DELETE FROM function_versions WHERE namespace = $ns AND name = $name AND version = $version",
                    ("$ns", function.Namespace), ("$name", function.Name), ("$version", version));
                delete.ExecuteNonQuery();
            }

            transaction.Commit();
            return Task.FromResult<IReadOnlyList<long>>(removed);
        }
    }

    private List<long> Longs(string sql, FunctionKey function)
    {
        using var command = _connection.Command(sql, ("$ns", function.Namespace), ("$name", function.Name));
        using var reader = command.ExecuteReader();
        var values = new List<long>();
        while (reader.Read())
        {
            values.Add(reader.GetInt64(0));
        }

        return values;
    }

    private List<string> Strings(string sql, FunctionKey function)
    {
        using var command = _connection.Command(sql, ("$ns", function.Namespace), ("$name", function.Name));
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static FunctionVersion ReadVersion(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt64(1),
        reader.GetString(2),
        reader.GetString(3),
        JsonSerializer.Deserialize<FunctionSettings>(reader.GetString(4), s_json)!,
        DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture))
    {
        Namespace = reader.GetString(6),
    };
}
