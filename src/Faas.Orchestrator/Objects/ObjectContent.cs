namespace Faas.Orchestrator.Objects;

/// <summary>An object opened for reading: its metadata and its content as a stream (dispose it when done).</summary>
public sealed class ObjectContent(ObjectInfo info, Stream content) : IAsyncDisposable
{
    public ObjectInfo Info { get; } = info;

    public Stream Content { get; } = content;

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
