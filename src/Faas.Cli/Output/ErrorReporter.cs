using Faas.Cli.Api;

namespace Faas.Cli.Output;

/// <summary>Prints an <see cref="ApiError"/> on stderr and returns its exit code: the one place failures are reported.</summary>
internal static class ErrorReporter
{
    public static int Report(CliContext context, ApiError error, SourceFile? source = null)
    {
        var writer = context.RawError;
        if (error.Kind == ApiErrorKind.Unreachable)
        {
            writer.WriteLine($"error: {SafeText.Clean(error.Message)}");
            writer.WriteLine("hint: is the platform running? Set FAAS_URL or run 'faas login URL --key KEY'.");
            return ExitCodes.For(error);
        }

        var status = error.Status > 0 ? $" (HTTP {error.Status})" : "";
        writer.WriteLine($"error: {SafeText.Clean(error.Code)}: {SafeText.Clean(error.Message)}{status}");
        foreach (var diagnostic in error.Diagnostics)
        {
            DiagnosticPrinter.Print(writer, diagnostic, source);
        }

        if (error.Status == 401)
        {
            writer.WriteLine("hint: the platform did not accept the API key. Set FAAS_API_KEY or run 'faas login URL --key KEY'.");
        }

        return ExitCodes.For(error);
    }
}
