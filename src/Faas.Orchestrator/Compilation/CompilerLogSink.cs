using Faas.Orchestrator.Runtime;
using Microsoft.Extensions.Logging;

namespace Faas.Orchestrator.Compilation;

/// <summary>A compiler worker's stdout and stderr: into the gateway's log at debug level (it writes only on trouble).</summary>
internal sealed partial class CompilerLogSink(ILogger logger) : IInstanceLogSink
{
    public void Write(string instanceId, LogStream stream, string line) => Log.Line(logger, instanceId, line);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1405, Level = LogLevel.Debug, Message = "{Worker}: {Line}")]
        public static partial void Line(ILogger logger, string worker, string line);
    }
}
