using System.Text;

namespace Faas.Cli.Invoke;

/// <summary>Where and how <c>faas invoke</c> prints.</summary>
internal sealed record InvokeOutput(string? File, bool Verbose, bool Json)
{
    /// <summary>The body on stdout (a newline added on a terminal only) or into <see cref="File"/>.</summary>
    public async Task<int> WriteBodyAsync(CliContext context, byte[] body, CancellationToken cancellationToken)
    {
        if (File is not null)
        {
            try
            {
                await System.IO.File.WriteAllBytesAsync(context.Environment.FullPath(File), body, cancellationToken);
                return ExitCodes.Success;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return context.Usage($"cannot write {File}: {ex.Message}");
            }
        }

        var text = Encoding.UTF8.GetString(body);
        context.RawOut.Write(text);
        if (context.Out.Profile.Out.IsTerminal && text.Length > 0 && !text.EndsWith('\n'))
        {
            context.RawOut.WriteLine();
        }

        return ExitCodes.Success;
    }
}
