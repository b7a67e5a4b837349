using Faas.Compiler.Compilation;
using Faas.Sdk.Protocol;

namespace Faas.Compiler;

/// <summary>
/// The worker's side of its socket: one compilation at a time. A <c>Compile</c> frame carries the source (the worker
/// reads no file, and the directive guard and no-op resolvers make sure nothing a deployer names is ever opened); the
/// <c>Compiled</c> answer carries the errors, exactly as Roslyn and the guards report them, or the assembly.
/// </summary>
internal sealed class CompileServer(Stream stream)
{
    private readonly FrameConnection _connection = new(stream, HostProtocol.MaxCompileRequestPayload);
    private readonly Dictionary<int, HandlerCompiler> _compilers = [];

    public async Task RunAsync()
    {
        await using var _ = _connection.ConfigureAwait(false);
        while (true)
        {
            Frame? frame;
            try
            {
                frame = await _connection.ReceiveAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ProtocolException or ObjectDisposedException)
            {
                Console.Error.WriteLine($"faas-compiler: connection lost: {ex.Message}");
                return;
            }

            if (frame is null)
            {
                return;
            }

            using (frame)
            {
                if (frame.Type != FrameType.Compile)
                {
                    continue;
                }

                var response = Compile(CompileRequest.Read(frame.Payload));
                try
                {
                    await _connection.SendAsync(FrameType.Compiled, frame.Id, response, static (w, r) => r.Write(w)).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or ObjectDisposedException)
                {
                    return;
                }
            }
        }
    }

    private CompileResponse Compile(CompileRequest request)
    {
        if (!_compilers.TryGetValue(request.MaxSourceBytes, out var compiler))
        {
            compiler = new HandlerCompiler(request.MaxSourceBytes);
            _compilers[request.MaxSourceBytes] = compiler;
        }

        var result = compiler.Compile(request.Source, request.HandlerName, CancellationToken.None);
        return new CompileResponse(
            result.Errors.Select(e => new CompileError(e.Id, e.Message, e.Line, e.Column)).ToList(),
            result.Handler?.Assembly ?? ReadOnlyMemory<byte>.Empty);
    }
}
