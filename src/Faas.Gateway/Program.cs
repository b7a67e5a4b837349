using Faas.Gateway;
using Faas.Gateway.Cli;
using Faas.Gateway.Configuration;

// The composition root: parse the command line and config, then run the gateway.
CommandLine cli;
try
{
    cli = CommandLine.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"faas: {ex.Message}");
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

if (cli.Help)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

if (cli.CreateConfig is { } target)
{
    return GatewayCommands.CreateConfig(target.Length == 0 ? "faas_config.yaml" : target);
}

FaasConfig config;
try
{
    config = ConfigLoader.Load(null, GatewayCommands.Environment(), cli);
}
catch (ConfigException ex)
{
    Console.Error.WriteLine($"faas: {ex.Message}");
    return 1;
}

if (cli.ShowKeys)
{
    return GatewayCommands.ShowKeys(config);
}

if (cli.CheckSystem)
{
    return await GatewayCommands.CheckSystemAsync(config);
}

if (cli.Backup is { } backup)
{
    return StorageCommands.Backup(config, backup, Console.Out, Console.Error);
}

if (cli.Restore is { } restore)
{
    return StorageCommands.Restore(config, restore, Console.Out, Console.Error);
}

// Keys are settled before anything binds: generated when none are configured, none well-known beyond loopback.
if (GatewayCommands.PrepareKeys(config) is not { } ready)
{
    return 1;
}

// The storage path is checked (and locked for this platform) before any store opens.
using var storage = StorageCommands.Prepare(ready, Console.Error);
return storage is null ? 1 : await GatewayApp.RunAsync(ready);
