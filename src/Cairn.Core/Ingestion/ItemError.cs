namespace Cairn.Core.Ingestion;

/// <summary>
/// Why one item of a batch (or one line of an import file) was refused.
/// <paramref name="Index"/> is the zero-based position in the batch; importers turn it into a line number.
/// </summary>
public sealed record ItemError(int Index, string Field, string Message)
{
    public override string ToString() => $"item {Index}, field '{Field}': {Message}";
}
