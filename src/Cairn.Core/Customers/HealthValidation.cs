using Cairn.Core.Metrics;

namespace Cairn.Core.Customers;

/// <summary>One customer of a backtest: the health computed at the cut-off, and whether they left in the horizon after it.</summary>
public sealed record HealthOutcome(double Score, bool OnAtRiskList, bool Churned, bool Voluntary);

/// <summary>A churn rate in percent with its 95% Wilson interval.</summary>
public sealed record RateWithInterval(long Churned, long Customers, double Rate, double Low, double High);

/// <summary>
/// How well health at a past cut-off ranked the customers who then left. AUC is the chance that a
/// customer who left had a lower score than one who stayed (0.5 is a coin); its interval is
/// Hanley and McNeil's. Lift is the churn rate on the at-risk list over the rate of everyone.
/// </summary>
public sealed record HealthValidationReport(
    DateTime CutOff, int HorizonDays, long Customers,
    double? Auc, double? AucLow, double? AucHigh, double? VoluntaryAuc,
    RateWithInterval All, RateWithInterval AtRiskList, RateWithInterval Others, double? Lift,
    RateWithInterval LowestDecile, double? DecileLift)
{
    /// <summary>Plain words for the figures.</summary>
    public string Verdict => Auc switch
    {
        null => "No customer left (or none stayed) in the horizon: nothing to check the score against.",
        >= 0.8 => $"Health ranks churn well (AUC {Auc:0.00}): the at-risk list churned {Lift:0.0}× the average.",
        >= 0.65 => $"Health ranks churn usefully (AUC {Auc:0.00}): the at-risk list churned {Lift:0.0}× the average.",
        > 0.55 => $"Health ranks churn only weakly (AUC {Auc:0.00}); treat it as a hint, not a forecast.",
        _ => $"Health does not rank churn here (AUC {Auc:0.00}); its inputs miss what makes these customers leave.",
    };
}

public static class HealthValidation
{
    private const double Z = 1.959964;

    public static HealthValidationReport Evaluate(IReadOnlyList<HealthOutcome> outcomes, DateTime cutOff, int horizonDays)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var (auc, low, high) = Auc(outcomes, o => o.Churned);
        var voluntary = Auc([.. outcomes.Where(o => o.Voluntary || !o.Churned)], o => o.Voluntary).Auc;
        var all = Rate(outcomes);
        var list = Rate([.. outcomes.Where(o => o.OnAtRiskList)]);
        var decile = Rate([.. outcomes.OrderBy(o => o.Score).Take((int)Math.Ceiling(outcomes.Count / 10.0))]);
        return new HealthValidationReport(cutOff, horizonDays, outcomes.Count, auc, low, high, voluntary,
            all, list, Rate([.. outcomes.Where(o => !o.OnAtRiskList)]),
            all.Rate > 0 && list.Customers > 0 ? list.Rate / all.Rate : null,
            decile, all.Rate > 0 && decile.Customers > 0 ? decile.Rate / all.Rate : null);
    }

    private static RateWithInterval Rate(IReadOnlyCollection<HealthOutcome> group)
    {
        long churned = group.Count(o => o.Churned), n = group.Count;
        if (n == 0)
        {
            return new RateWithInterval(0, 0, 0, 0, 0);
        }

        var (low, high) = Metric.Wilson(churned, n, Z);
        return new RateWithInterval(churned, n, 100.0 * churned / n, low, high);
    }

    /// <summary>
    /// AUC by ranks (the Mann-Whitney statistic): lower score means more risk, ties count half.
    /// Null when either class is empty.
    /// </summary>
    public static (double? Auc, double? Low, double? High) Auc(IReadOnlyList<HealthOutcome> outcomes, Func<HealthOutcome, bool> positive)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(positive);
        var sorted = outcomes.OrderByDescending(o => o.Score).ToList(); // rank 1 = highest score = least risk
        long positives = 0;
        double rankSum = 0;
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j < sorted.Count && sorted[j].Score.Equals(sorted[i].Score))
            {
                j++;
            }

            var averageRank = (i + 1 + j) / 2.0; // ranks i+1..j share their mean
            for (var k = i; k < j; k++)
            {
                if (positive(sorted[k]))
                {
                    positives++;
                    rankSum += averageRank;
                }
            }

            i = j;
        }

        long negatives = sorted.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return (null, null, null);
        }

        var auc = (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
        var q1 = auc / (2 - auc);
        var q2 = 2 * auc * auc / (1 + auc);
        var se = Math.Sqrt((auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc)) / ((double)positives * negatives));
        return (auc, Math.Max(0, auc - Z * se), Math.Min(1, auc + Z * se));
    }
}
