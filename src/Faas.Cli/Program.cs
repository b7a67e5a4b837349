using Faas.Cli;

return await CliApp.RunAsync(args, CliContext.ForProcess(), handleSignals: true, CancellationToken.None);
