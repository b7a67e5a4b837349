using System.Diagnostics;
using Faas.Orchestrator.Runtime;

namespace Faas.Benchmarks.Infrastructure;

/// <summary>
/// The baseline of the process suites: <c>dotnet Faas.Host.dll --connect &lt;socket&gt;</c> started
/// directly (no sandbox, no cgroups), ready once it has connected and answered a Ping.
/// </summary>
internal sealed class BareHost : IAsyncDisposable
{
    private readonly SocketListener _listener;
    private readonly Process _process;
    private readonly PingClient _client;

    private BareHost(SocketListener listener, Process process, PingClient client)
    {
        _listener = listener;
        _process = process;
        _client = client;
    }

    public int Pid => _process.Id;

    /// <summary>Starts the host against an already listening socket and waits for its first Pong.</summary>
    public static async Task<BareHost> StartAsync(HostLayout layout, SocketListener listener, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(layout.DotnetExecutable) { UseShellExecute = false };
        foreach (var argument in layout.HostArguments(layout.HostAssembly, listener.SocketPath))
        {
            start.ArgumentList.Add(argument);
        }

        // The same runtime knobs the sandbox gives the host.
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        start.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start dotnet");
        var socket = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
        var client = new PingClient(socket);
        await client.PingAsync(cancellationToken).ConfigureAwait(false);
        return new BareHost(listener, process, client);
    }

    public Task PingAsync() => _client.PingAsync();

    public PingClient Client => _client;

    /// <summary>Closes the connection (the host exits on its own) and waits for the process.</summary>
    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync().ConfigureAwait(false);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }

        _process.Dispose();
        _listener.Dispose();
    }
}
