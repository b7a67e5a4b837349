// The example function of faas_config.yaml: greets the caller.
object Handle(FaasRequest request)
{
    var data = request.Json();
    var debug = Environment.GetEnvironmentVariable("DEBUG") == "true";
    return new
    {
        message = $"Hello, {(string?)data?["name"] ?? "World"}!",
        debug,
    };
}
