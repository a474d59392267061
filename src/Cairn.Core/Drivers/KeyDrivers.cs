namespace Cairn.Core.Drivers;

/// <summary>One driver's share of what the drivers together explain, and its direction.</summary>
public sealed record DriverImportance(string Name, double Contribution, double Share, double Correlation, double Beta, long Count);

/// <summary>The outcome of a key-driver analysis: R² of all drivers together and each driver's part of it.</summary>
public sealed record KeyDriverResult(long N, double RSquared, IReadOnlyList<DriverImportance> Drivers, bool TooFew)
{
    public static KeyDriverResult Empty(long n) => new(n, 0, [], true);
}

/// <summary>
/// Relative importance by Shapley decomposition of R² (also called dominance analysis): each
/// driver's contribution is its average gain in R² when added to every subset of the other
/// drivers, so the contributions add up to the R² of the full model and correlated drivers
/// share what they explain together instead of one taking all of it, as regression weights do.
/// Works from <see cref="DriverMoments"/> alone: R² of any subset comes from the correlation
/// matrix. Exact over all subsets, so at most <see cref="MaxDrivers"/> drivers (the strongest
/// by correlation are kept).
/// </summary>
public static class KeyDrivers
{
    public const int MaxDrivers = 14;

    /// <summary>Fewest observations for a result; below it the importances are noise.</summary>
    public const long MinimumN = 100;

    public static KeyDriverResult Analyse(DriverMoments moments)
    {
        ArgumentNullException.ThrowIfNull(moments);
        var n = moments.N;
        if (n < MinimumN)
        {
            return KeyDriverResult.Empty(n);
        }

        var varY = moments.SumYY / n - Square(moments.SumY / n);
        if (varY <= 1e-12)
        {
            return KeyDriverResult.Empty(n);
        }

        // Drivers that vary, strongest first, at most MaxDrivers of them.
        var all = Enumerable.Range(0, moments.Names.Count).Where(i => Variance(moments, i) > 1e-12).ToList();
        var correlations = all.ToDictionary(i => i, i => Covariance(moments, i) / Math.Sqrt(Variance(moments, i) * varY));
        var kept = all.OrderByDescending(i => Math.Abs(correlations[i])).Take(MaxDrivers).ToArray();
        var p = kept.Length;
        if (p == 0)
        {
            return new KeyDriverResult(n, 0, [], false);
        }

        var r = new double[p, p];
        var ry = new double[p];
        for (var a = 0; a < p; a++)
        {
            ry[a] = correlations[kept[a]];
            for (var b = 0; b < p; b++)
            {
                var cov = moments.SumXX[kept[a], kept[b]] / n - moments.SumX[kept[a]] / n * (moments.SumX[kept[b]] / n);
                r[a, b] = cov / Math.Sqrt(Variance(moments, kept[a]) * Variance(moments, kept[b]));
            }
        }

        // R² of every subset, indexed by its bit mask.
        var subsets = 1 << p;
        var r2 = new double[subsets];
        for (var mask = 1; mask < subsets; mask++)
        {
            r2[mask] = RSquared(r, ry, mask, p, out _);
        }

        var weights = ShapleyWeights(p);
        var contributions = new double[p];
        for (var j = 0; j < p; j++)
        {
            var bit = 1 << j;
            for (var mask = 0; mask < subsets; mask++)
            {
                if ((mask & bit) == 0)
                {
                    contributions[j] += weights[System.Numerics.BitOperations.PopCount((uint)mask)] * (r2[mask | bit] - r2[mask]);
                }
            }
        }

        var full = r2[subsets - 1];
        RSquared(r, ry, subsets - 1, p, out var betas);
        var drivers = Enumerable.Range(0, p)
            .Select(a => new DriverImportance(moments.Names[kept[a]], contributions[a], full > 0 ? contributions[a] / full : 0, ry[a], betas[a], (long)Math.Round(moments.SumX[kept[a]])))
            .OrderByDescending(d => d.Contribution)
            .ToList();
        return new KeyDriverResult(n, full, drivers, false);
    }

    /// <summary>|S|!(p−|S|−1)!/p!: the weight of adding a driver to a subset of size |S|.</summary>
    private static double[] ShapleyWeights(int p)
    {
        var weights = new double[p];
        for (var s = 0; s < p; s++)
        {
            weights[s] = Math.Exp(LogFactorial(s) + LogFactorial(p - s - 1) - LogFactorial(p));
        }

        return weights;
    }

    private static double LogFactorial(int k)
    {
        double sum = 0;
        for (var i = 2; i <= k; i++)
        {
            sum += Math.Log(i);
        }

        return sum;
    }

    /// <summary>R² = r_S' R_SS⁻¹ r_S for the drivers in <paramref name="mask"/>, and their standardised weights.</summary>
    private static double RSquared(double[,] r, double[] ry, int mask, int p, out double[] betas)
    {
        var index = new List<int>(p);
        for (var j = 0; j < p; j++)
        {
            if ((mask & (1 << j)) != 0)
            {
                index.Add(j);
            }
        }

        var k = index.Count;
        var a = new double[k, k + 1];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                a[i, j] = r[index[i], index[j]] + (i == j ? 1e-10 : 0); // a whisker of ridge keeps exact collinearity solvable
            }

            a[i, k] = ry[index[i]];
        }

        var solution = Solve(a, k);
        betas = new double[p];
        double r2 = 0;
        for (var i = 0; i < k; i++)
        {
            betas[index[i]] = solution[i];
            r2 += solution[i] * ry[index[i]];
        }

        return Math.Clamp(r2, 0, 1);
    }

    /// <summary>Gaussian elimination with partial pivoting on an augmented k×(k+1) matrix.</summary>
    private static double[] Solve(double[,] a, int k)
    {
        for (var col = 0; col < k; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < k; row++)
            {
                if (Math.Abs(a[row, col]) > Math.Abs(a[pivot, col]))
                {
                    pivot = row;
                }
            }

            if (pivot != col)
            {
                for (var c = col; c <= k; c++)
                {
                    (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
                }
            }

            var diagonal = a[col, col];
            if (Math.Abs(diagonal) < 1e-14)
            {
                continue; // a driver fully explained by the others adds nothing
            }

            for (var row = col + 1; row < k; row++)
            {
                var factor = a[row, col] / diagonal;
                for (var c = col; c <= k; c++)
                {
                    a[row, c] -= factor * a[col, c];
                }
            }
        }

        var x = new double[k];
        for (var row = k - 1; row >= 0; row--)
        {
            var sum = a[row, k];
            for (var c = row + 1; c < k; c++)
            {
                sum -= a[row, c] * x[c];
            }

            x[row] = Math.Abs(a[row, row]) < 1e-14 ? 0 : sum / a[row, row];
        }

        return x;
    }

    private static double Variance(DriverMoments m, int i) => m.SumXX[i, i] / m.N - Square(m.SumX[i] / m.N);

    private static double Covariance(DriverMoments m, int i) => m.SumXY[i] / m.N - m.SumX[i] / m.N * (m.SumY / m.N);

    private static double Square(double x) => x * x;
}
