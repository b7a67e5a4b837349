namespace Faas.Storage.Postgres.Cluster;

/// <summary>The secrets key every node of the cluster shares (<c>FAAS_SECRETS_KEY</c> or the key file).</summary>
internal sealed record SharedSecretsKey(byte[] Value);
