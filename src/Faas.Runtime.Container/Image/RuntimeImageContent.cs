namespace Faas.Runtime.Container.Image;

/// <summary>An assembled runtime image: its files and the directories of its shared libraries (for <c>LD_LIBRARY_PATH</c>).</summary>
internal sealed record RuntimeImageContent(RootFilesystem Root, IReadOnlyList<string> LibraryDirectories);
