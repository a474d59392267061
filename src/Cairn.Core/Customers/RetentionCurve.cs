namespace Cairn.Core.Customers;

/// <summary>
/// Customers of one group counted by how long they have been watched and how long they stayed:
/// <see cref="Observed"/> whole months from signup to the cut-off, <see cref="Survived"/> whole
/// months from signup to their churn (null while still a customer). Both capped at the curve's length.
/// </summary>
public sealed record TenureCount(string Group, int Observed, int? Survived, long Customers);

/// <summary>The share of a group still a customer <see cref="Month"/> months after signup, with its 95% interval.</summary>
public sealed record RetentionPoint(int Month, long AtRisk, long Churned, double Retention, double Low, double High);

public sealed record RetentionCurveResult(string Group, long Customers, IReadOnlyList<RetentionPoint> Points)
{
    /// <summary>The point at <paramref name="month"/>, or null when the curve does not reach it (nobody watched that long).</summary>
    public RetentionPoint? At(int month) => Points.FirstOrDefault(p => p.Month == month);
}

/// <summary>
/// Retention curves by the Kaplan-Meier method, so that customers who signed up recently (watched for
/// fewer months) count for the months they were watched and no longer: a cohort table that divides by
/// the whole cohort would call them lost. The interval is Greenwood's, in percent.
/// </summary>
public static class RetentionCurve
{
    private const double Z = 1.959964;

    public static RetentionCurveResult Estimate(string group, IReadOnlyCollection<TenureCount> counts, int months)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var points = new List<RetentionPoint> { new(0, counts.Sum(c => c.Customers), 0, 100, 100, 100) };
        double survival = 1, greenwood = 0;
        for (var month = 1; month <= months; month++)
        {
            // At risk in this month: everyone watched through it who had not left before it. A customer
            // who left in a month not yet over for their signup day is counted up to the month before,
            // like one who stayed: counting their loss but not the stay of others watched as long
            // would make every cohort's last month look like a collapse.
            var churned = counts.Where(c => c.Survived == month - 1 && c.Observed >= month).Sum(c => c.Customers);
            var atRisk = counts.Where(c => c.Observed >= month && (c.Survived is null || c.Survived >= month - 1)).Sum(c => c.Customers);
            if (atRisk == 0)
            {
                break;
            }

            survival *= 1 - ((double)churned / atRisk);
            if (atRisk > churned)
            {
                greenwood += (double)churned / (atRisk * (double)(atRisk - churned));
            }

            var se = survival * Math.Sqrt(greenwood);
            points.Add(new RetentionPoint(month, atRisk, churned, 100 * survival, 100 * Math.Max(0, survival - (Z * se)), 100 * Math.Min(1, survival + (Z * se))));
        }

        return new RetentionCurveResult(group, counts.Sum(c => c.Customers), points);
    }

    /// <summary>
    /// Whether two groups' retention at a month differs beyond chance (non-overlapping is too strict;
    /// this uses the difference's own interval from both Greenwood errors). Plain words for the page.
    /// </summary>
    public static string Compare(RetentionCurveResult before, RetentionCurveResult after, int month)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (before.At(month) is not { } a || after.At(month) is not { } b)
        {
            return $"Not comparable at month {month}: one group has not been watched that long yet.";
        }

        var seA = (a.High - a.Low) / (2 * Z);
        var seB = (b.High - b.Low) / (2 * Z);
        var delta = b.Retention - a.Retention;
        var half = Z * Math.Sqrt((seA * seA) + (seB * seB));
        var direction = delta > 0 ? "higher" : "lower";
        return Math.Abs(delta) > half
            ? $"{after.Group}: {b.Retention:0.0}% still customers at month {month}, {Math.Abs(delta):0.0} points {direction} than {before.Group} ({a.Retention:0.0}%); the difference (±{half:0.0}) is real."
            : $"{after.Group}: {b.Retention:0.0}% at month {month} against {a.Retention:0.0}% for {before.Group}; a difference of {Math.Abs(delta):0.0} points is within chance (±{half:0.0}).";
    }
}
