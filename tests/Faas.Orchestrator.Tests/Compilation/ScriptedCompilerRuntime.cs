using System.Collections.Concurrent;
using System.Net.Sockets;
using Faas.Orchestrator.Runtime;
using Faas.Sdk.Protocol;

namespace Faas.Orchestrator.Tests.Compilation;

/// <summary>
/// A process runtime whose compiler workers follow a script instead of running Roslyn: a source containing
/// <c>bomb</c> is never answered (as a compile bomb), one containing <c>crash</c> makes the worker die, anything
/// else compiles at once to a fake assembly. Each started worker is recorded, with whether it was killed.
/// </summary>
internal sealed class ScriptedCompilerRuntime : IFunctionRuntime
{
    private readonly ConcurrentQueue<Worker> _workers = new();

    public ExecutionMode Mode => ExecutionMode.Process;

    public RuntimeStatus Status { get; set; } = RuntimeStatus.Ready("scripted compilers (tests)");

    public IReadOnlyList<Worker> Workers => _workers.ToArray();

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<IRuntimeInstance> StartAsync(InstanceSpec spec, CancellationToken cancellationToken)
    {
        if (spec.Program != HostProgram.Compiler)
        {
            throw new InstanceStartException("this runtime starts compiler workers only");
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(spec.HostSocketPath), cancellationToken);
        var worker = new Worker(spec.InstanceId, socket);
        _workers.Enqueue(worker);
        return worker;
    }

    public Task CleanupOrphansAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<FeatureCheck>> CheckSystemAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<FeatureCheck>>([]);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>One scripted worker: answers over its socket until killed or told to crash.</summary>
    internal sealed class Worker : IRuntimeInstance
    {
        private readonly Socket _socket;
        private readonly TaskCompletionSource<InstanceExit> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Worker(string id, Socket socket)
        {
            RuntimeId = id;
            _socket = socket;
            _ = Task.Run(ServeAsync);
        }

        public string RuntimeId { get; }

        public int? Pid => null;

        public Task<InstanceExit> Exited => _exited.Task;

        public bool Killed { get; private set; }

        public int Compiled { get; private set; }

        public ValueTask KillAsync()
        {
            Killed = true;
            End("killed by the platform");
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync() => KillAsync();

        private void End(string reason)
        {
            _socket.Dispose();
            _exited.TrySetResult(new InstanceExit(null, false, reason));
        }

        private async Task ServeAsync()
        {
            await using var connection = new FrameConnection(new NetworkStream(_socket, ownsSocket: false));
            try
            {
                while (await connection.ReceiveAsync() is { } frame)
                {
                    using (frame)
                    {
                        var request = CompileRequest.Read(frame.Payload);
                        if (request.Source.Contains("crash", StringComparison.Ordinal))
                        {
                            End("out of memory (scripted)");
                            return;
                        }

                        if (request.Source.Contains("bomb", StringComparison.Ordinal))
                        {
                            continue;
                        }

                        Compiled++;
                        await connection.SendAsync(FrameType.Compiled, frame.Id, new CompileResponse([], "MZ-scripted"u8.ToArray()),
                            static (w, r) => r.Write(w));
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
            {
            }

            End("its connection closed");
        }
    }
}
