using System.Security.Cryptography;
using System.Text;
using Faas.Orchestrator.Compilation;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Storage;
using Microsoft.Extensions.Options;

namespace Faas.Orchestrator.Deployments;

/// <summary>
/// Turns a function's source into its artifact: the stored artifact of the same source and handler when there is
/// one (after the checks every source gets), otherwise a compilation through the compile gate, stored by its hash.
/// An image function has nothing to compile: its hash names the image.
/// </summary>
internal sealed class FunctionBuilder(IFunctionStore store, HandlerCompiler compiler, CompileGate gate, IOptions<PlatformOptions> options)
{
    /// <summary>The artifact's hash and bytes, or the deploy result that explains why there is none.</summary>
    public async Task<(string Hash, byte[] Artifact, DeployResult? Failure)> BuildAsync(string code, FunctionSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Image is { } image)
        {
            return ("image:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(image)))[..16], [], null);
        }

        if (compiler.Refuse(code, cancellationToken) is { } refused)
        {
            return ("", [], CompileFailure(new CompileAttempt(refused)));
        }

        var hash = HandlerCompiler.HashOf(code, settings.Handler);
        if (await store.ReadArtifactAsync(hash, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            return (hash, stored, null);
        }

        var attempt = await gate.CompileAsync(code, settings.Handler, cancellationToken).ConfigureAwait(false);
        if (attempt.Result?.Handler is not { } handler)
        {
            return ("", [], CompileFailure(attempt));
        }

        await store.WriteArtifactAsync(handler.Hash, handler.Assembly, cancellationToken).ConfigureAwait(false);
        return (handler.Hash, handler.Assembly, null);
    }

    /// <summary>A stored function's artifact at start-up: from the store, or compiled again when it is missing there.</summary>
    public async Task<byte[]> LoadAsync(FunctionRecord record, CancellationToken cancellationToken)
    {
        if (record.Settings.Image is not null)
        {
            return [];
        }

        if (await store.ReadArtifactAsync(record.ArtifactHash, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            return stored;
        }

        var result = compiler.Compile(record.Code, record.Settings.Handler, cancellationToken);
        if (result.Handler is not { } handler)
        {
            throw new InvalidOperationException($"stored function '{record.Name}' no longer compiles: {result.Errors.FirstOrDefault()?.Message}");
        }

        await store.WriteArtifactAsync(handler.Hash, handler.Assembly, cancellationToken).ConfigureAwait(false);
        return handler.Assembly;
    }

    private DeployResult CompileFailure(CompileAttempt attempt) => attempt.Result is { } compiled
        ? new(DeployOutcome.CompileFailed, null, compiled.Errors, $"the handler does not compile: {compiled.Errors.Count} error(s)")
        : DeployResult.Fail(DeployOutcome.CompilerBusy,
            $"all {options.Value.MaxConcurrentCompiles} compile slots stayed busy for {options.Value.CompileTimeout.TotalSeconds:0.#} s; retry later");
}
