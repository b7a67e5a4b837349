namespace Faas.Orchestrator.StemCells;

/// <summary>The built-in warm-up handler, compiled once at start-up, that stem cells run before they are used.</summary>
internal sealed record CompiledWarmup(string HandlerName, byte[] Assembly)
{
    public const string Source = """
        object Handle(FaasRequest request)
        {
            var data = request.Json();
            var items = request.Json<Dictionary<string, object>>();
            return new { message = $"Hello, {(string?)data?["name"] ?? "World"}!", count = items?.Count ?? 0, at = DateTime.UtcNow, path = request.Path };
        }
        """;
}
