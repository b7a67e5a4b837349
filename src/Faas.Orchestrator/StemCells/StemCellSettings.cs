namespace Faas.Orchestrator.StemCells;

/// <summary>How many stem cells a mode keeps: at least <see cref="Min"/>, up to <see cref="Max"/> when cold starts are frequent.</summary>
public sealed record StemCellSettings(int Min, int Max)
{
    public static StemCellSettings None { get; } = new(0, 0);
}
