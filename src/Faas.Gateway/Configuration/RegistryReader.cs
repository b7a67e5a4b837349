using Faas.Storage.Postgres.Database;

namespace Faas.Gateway.Configuration;

/// <summary>
/// Reads <c>registry: { kind, connection_string }</c>, then <c>FAAS_REGISTRY_KIND</c> and <c>FAAS_POSTGRES</c>. A PostgreSQL
/// registry needs a connection string Npgsql accepts (checked here, so a bad one stops start-up with the config's
/// other errors); a connection string without <c>kind: postgres</c> is an error rather than silently unused.
/// </summary>
internal static class RegistryReader
{
    public static RegistrySettings Read(ConfigReader reader, ConfigMap top, ConfigMap environment)
    {
        var map = reader.Map(top, "registry") ?? new ConfigMap("registry", []);
        reader.RejectUnknown(map, "kind", "connection_string");
        var kind = reader.Enum(environment, "FAAS_REGISTRY_KIND", reader.Enum(map, "kind", RegistryKind.Sqlite));
        var connectionString = reader.String(environment, "FAAS_POSTGRES") ?? reader.String(map, "connection_string");
        var where = (ConfigNode?)environment["FAAS_POSTGRES"] ?? map["connection_string"] ?? environment["FAAS_REGISTRY_KIND"] ?? map["kind"] ?? map;
        if (kind == RegistryKind.Postgres)
        {
            if (ConnectionStrings.Problem(connectionString) is { } problem)
            {
                reader.Error(where, problem);
            }
        }
        else if (connectionString is not null)
        {
            reader.Error(where, "a PostgreSQL connection string is set but the registry is sqlite: set registry.kind: postgres (or FAAS_REGISTRY_KIND=postgres), or remove it");
        }

        return new RegistrySettings(kind, kind == RegistryKind.Postgres ? connectionString : null);
    }
}
