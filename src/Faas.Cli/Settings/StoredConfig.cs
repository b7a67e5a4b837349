namespace Faas.Cli.Settings;

/// <summary>What <c>faas login</c> keeps in the config file.</summary>
internal sealed record StoredConfig(string Url, string? Key);
