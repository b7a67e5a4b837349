namespace Faas.Sdk.Protocol;
public static class TraceMarks
{
    public static void Mark(string name) => Console.Error.WriteLine($"MARK {name} {System.Diagnostics.Stopwatch.GetTimestamp()}");
}
