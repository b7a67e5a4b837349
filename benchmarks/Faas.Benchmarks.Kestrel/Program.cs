// Bare Kestrel on loopback answering {"message":"Hello, World!"} to any method on /invoke/hello, the
// same JSON the hello function returns, with the gateway's GC settings (workstation, concurrent).
// Usage: dotnet Faas.Benchmarks.Kestrel.dll <port>
var port = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 8090;
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(options => options.Listen(System.Net.IPAddress.Loopback, port));
var app = builder.Build();
app.Map("/invoke/hello", () => Results.Json(new Hello("Hello, World!")));
app.MapGet("/health", () => Results.Text("ok"));
app.Run();

internal sealed record Hello(string Message);
