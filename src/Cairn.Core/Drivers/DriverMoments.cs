namespace Cairn.Core.Drivers;

/// <summary>
/// Everything a linear key-driver analysis needs, as sums the database can compute in one pass:
/// n, Σy, Σy², and for drivers i and j: Σxᵢ, Σxᵢy, Σxᵢxⱼ. No row ever leaves the store.
/// </summary>
public sealed class DriverMoments
{
    public DriverMoments(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        Names = names;
        var p = names.Count;
        SumX = new double[p];
        SumXY = new double[p];
        SumXX = new double[p, p];
    }

    public IReadOnlyList<string> Names { get; }

    public long N { get; set; }

    public double SumY { get; set; }

    public double SumYY { get; set; }

    public double[] SumX { get; }

    public double[] SumXY { get; }

    public double[,] SumXX { get; }

    /// <summary>Adds one observation (used by tests and small in-memory inputs; the store fills the sums in SQL).</summary>
    public void Add(ReadOnlySpan<double> x, double y)
    {
        N++;
        SumY += y;
        SumYY += y * y;
        for (var i = 0; i < x.Length; i++)
        {
            SumX[i] += x[i];
            SumXY[i] += x[i] * y;
            for (var j = 0; j < x.Length; j++)
            {
                SumXX[i, j] += x[i] * x[j];
            }
        }
    }
}
