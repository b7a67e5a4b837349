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
/// one (after the checks every source gets: size, then <c>#load</c>/<c>#r</c> on a parse), otherwise a compilation in a compiler worker through the compile
/// gate, stored by its hash. An image function has nothing to compile: its hash names the image.
/// </summary>
internal sealed class FunctionBuilder(IFunctionStore store, IHandlerCompiler compiler, CompileGate gate, IOptions<PlatformOptions> options)
{
    /// <summary>The artifact's hash and bytes, or the deploy result that explains why there is none.</summary>
    public async Task<(string Hash, byte[] Artifact, DeployResult? Failure)> BuildAsync(string code, FunctionSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Image is { } image)
        {
            return ("image:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(image)))[..16], [], null);
        }

        if ((SourceLimit.Refuse(code, options.Value.MaxSourceBytes) ?? DirectiveGuard.Refuse(code, cancellationToken)) is { } refused)
        {
            return ("", [], CompileFailure(new CompileAttempt(refused)));
        }

        var hash = CompilationHash.Of(code, settings.Handler);
        if (await store.ReadArtifactAsync(hash, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            return (hash, stored, null);
        }

        CompileAttempt attempt;
        try
        {
            attempt = await gate.CompileAsync(code, settings.Handler, cancellationToken).ConfigureAwait(false);
        }
        catch (CompilerUnavailableException ex)
        {
            return ("", [], DeployResult.Fail(DeployOutcome.Unavailable, ex.Message));
        }

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

        var result = await compiler.CompileAsync(record.Code, record.Settings.Handler, options.Value.CompileTimeout, cancellationToken).ConfigureAwait(false);
        if (result?.Handler is not { } handler)
        {
            throw new InvalidOperationException($"stored function '{record.Name}' no longer compiles: "
                + (result?.Errors.FirstOrDefault()?.Message ?? $"it took longer than {options.Value.CompileTimeout.TotalSeconds:0.#} s"));
        }

        await store.WriteArtifactAsync(handler.Hash, handler.Assembly, cancellationToken).ConfigureAwait(false);
        return handler.Assembly;
    }

    private DeployResult CompileFailure(CompileAttempt attempt) => attempt.Result is { } compiled
        ? new(DeployOutcome.CompileFailed, null, compiled.Errors, $"the handler does not compile: {compiled.Errors.Count} error(s)")
        : DeployResult.Fail(DeployOutcome.CompilerBusy,
            $"all {options.Value.MaxConcurrentCompiles} compile slots stayed busy for {options.Value.CompileTimeout.TotalSeconds:0.#} s; retry later");
}
