namespace Faas.Cli.Settings;

/// <summary>The platform to talk to and the API key to send (null: none), as resolved for one run.</summary>
internal sealed record CliSettings(Uri Url, string? Key);
