using System.Globalization;
using Cairn.Core.Metrics;

namespace Cairn.Core.Priorities;

/// <summary>
/// Ranks gaps the way DOMAIN.md ("From insight to action") asks: by frequency, loyalty impact and
/// competitive gap, in the language of revenue. The score is revenue at risk (affected customers ×
/// excess voluntary churn × lifetime value) times plain multipliers: a moment of truth, competitors
/// doing visibly better, and the analyst's severity and fixability. Gaps with the same score (none
/// at risk) are ordered by how many NPS points they cost the whole base. Nothing is hidden: each
/// gap carries its inputs, its factors and a sentence that says why.
/// </summary>
public static class Prioritiser
{
    /// <summary>Fewer affected customers than this and a gap is listed but not ranked.</summary>
    public const long MinimumAffected = 30;

    public const double MomentOfTruthWeight = 1.25;
    public const double CompetitorWeight = 1.25;

    /// <summary>Severity or fixability 1..5 as a multiplier: 3 is neutral, each step ±25%.</summary>
    public static double Scale(int value) => 0.5 + 0.25 * (Math.Clamp(value, 1, 5) - 1);

    public static IReadOnlyList<GapPriority> Rank(PopulationTally population, IEnumerable<GapTally> gaps,
        IReadOnlyDictionary<string, GapInputs> inputs, double margin = 1, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(population);
        ArgumentNullException.ThrowIfNull(gaps);
        ArgumentNullException.ThrowIfNull(inputs);
        var z = Normal.TwoSidedCritical(level);
        var scored = gaps.Select(g => Score(population, g, inputs.GetValueOrDefault(g.Key) ?? GapInputs.None, margin, level, z)).ToList();
        var ranked = scored.Where(s => s.Affected >= MinimumAffected)
            .OrderByDescending(s => s.Score).ThenBy(s => NpsCost(s)).ThenBy(s => s.Key, StringComparer.Ordinal)
            .Select((s, i) => s with { Rank = i + 1 });
        var unranked = scored.Where(s => s.Affected < MinimumAffected).OrderByDescending(s => s.Affected).ThenBy(s => s.Key, StringComparer.Ordinal);
        return [.. ranked, .. unranked];
    }

    /// <summary>NPS points the gap costs the whole base (negative: a cost): its frequency × its NPS gap.</summary>
    private static double NpsCost(GapPriority gap) => gap.NpsGap is { } g ? gap.Frequency.Value / 100 * g.Delta : 0;

    private static GapPriority Score(PopulationTally population, GapTally gap, GapInputs inputs, double margin, double level, double z)
    {
        var others = population.Customers - gap.Affected;
        var frequency = Share(gap.Affected, population.Customers, z);
        var npsAffected = ScoreMetric.Nps.Estimate(gap.Nps, level);
        var npsOthers = ScoreMetric.Nps.Estimate(Minus(population.Nps, gap.Nps), level);
        var npsGap = Change.Between(ScoreMetric.Nps, npsOthers, npsAffected, level);
        var churn = RiskRatio.Of(gap.Churned, gap.Affected, population.Churned - gap.Churned, others, level);
        var excess = ProportionDifference.Of(gap.Churned, gap.Affected, population.Churned - gap.Churned, others, level);

        // Lifetime value of an affected customer: their own mean revenue, else the base's.
        double? monthly = gap.WithRevenue > 0 ? gap.Revenue / gap.WithRevenue
            : population.WithRevenue > 0 ? population.Revenue / population.WithRevenue : null;
        double? clv = monthly is { } m ? LifetimeValue.FromChurn(m, population.MonthlyChurnRate, margin) : null;
        RevenueAtRisk? revenue = null;
        if (excess is not null && clv is { } value)
        {
            double Lost(double points) => gap.Affected * Math.Max(0, points) / 100;
            revenue = new RevenueAtRisk(Lost(excess.Value) * value, Lost(excess.Low) * value, Lost(excess.High) * value, Lost(excess.Value));
        }

        var competitive = gap.Competitors is { } c ? ProportionDifference.Of(c.OurMentions, c.OurReviews, c.TheirMentions, c.TheirReviews, level) : null;
        var factors = Factors(gap, inputs, competitive);
        var basis = revenue?.Value ?? gap.Affected * Math.Max(0, excess?.Value ?? 0) / 100;
        var score = factors.Aggregate(basis, (s, f) => s * f.Multiplier);
        var owner = inputs.Owner ?? gap.DefaultOwner;
        var result = new GapPriority(0, gap.Key, gap.Kind, gap.Label, gap.Context, gap.MomentOfTruth, gap.Affected, frequency,
            npsAffected, npsOthers, npsGap, churn, excess, clv, revenue, competitive, inputs, owner, factors, score, "");
        return result with { Why = Explain(result) };
    }

    private static List<Factor> Factors(GapTally gap, GapInputs inputs, ProportionDifference? competitive)
    {
        var factors = new List<Factor>();
        if (gap.MomentOfTruth)
        {
            factors.Add(new Factor("Moment of truth", MomentOfTruthWeight, "failures at a moment of truth weigh more"));
        }

        if (competitive is { Significant: true, Value: > 0 })
        {
            factors.Add(new Factor("Competitors better", CompetitorWeight, "competitors do better here"));
        }

        if (inputs.Severity is { } severity)
        {
            factors.Add(new Factor("Severity", Scale(severity), F($"severity {severity} of 5, set by an analyst")));
        }

        if (inputs.Fixability is { } fixability)
        {
            factors.Add(new Factor("Fixability", Scale(fixability), F($"fixability {fixability} of 5 ({(fixability >= 4 ? "a quick win" : fixability <= 2 ? "a large effort" : "a moderate effort")}), set by an analyst")));
        }

        return factors;
    }

    private static string Explain(GapPriority g)
    {
        var parts = new List<string>
        {
            F($"{g.Frequency.Value:0.0}% of customers ({g.Affected:N0}) {Verb(g.Kind)} {g.Label}"),
        };
        if (g.Affected < MinimumAffected)
        {
            return parts[0] + F($"; too few to rank (at least {MinimumAffected} are needed).");
        }

        if (g.Churn.Lift is { } lift && g.ExcessChurn is { } excess)
        {
            var real = excess.Significant ? "" : ", within chance";
            parts.Add(F($"they churned {lift:0.00}× as often as the rest ({g.Churn.ExposedRate:0.0}% against {g.Churn.OtherRate:0.0}%{real})"));
            if (g.Revenue is { CustomersLost: > 0 } revenue && g.LifetimeValue is { } clv)
            {
                parts.Add(F($"about {revenue.CustomersLost:N0} more customers lost, {Money(revenue.Value)} at risk at {Money(clv)} lifetime value each"));
            }
        }
        else
        {
            parts.Add("churn cannot be compared yet (no churn on one side)");
        }

        if (g.NpsGap is { } nps)
        {
            parts.Add(F($"their NPS is {nps.Delta:+0;-0;0} points against the rest ({(nps.Significant ? "a real difference" : "within chance")})"));
        }

        if (g.CompetitiveGap is { } c)
        {
            parts.Add(c.Significant
                ? F($"our reviews raise it {Math.Abs(c.Value):0.0} points {(c.Value > 0 ? "more" : "less")} often than competitors'")
                : "competitors' reviews raise it about as often as ours");
        }

        var text = string.Join("; ", parts) + ".";
        if (g.Factors.Count > 0)
        {
            text += " Weighted " + string.Join(", ", g.Factors.Select(f => F($"×{f.Multiplier:0.##} ({f.Reason})"))) + ".";
        }

        return text;
    }

    private static string Verb(GapKind kind) => kind switch
    {
        GapKind.Theme => "complained about",
        GapKind.Touchpoint => "had a poor experience at",
        _ => "were hit by",
    };

    private static string Money(double value) => value >= 1_000_000 ? F($"{value / 1_000_000:0.0#}M") : value >= 10_000 ? F($"{value / 1000:0}k") : F($"{value:N0}");

    private static ScoreTally Minus(ScoreTally all, ScoreTally part) =>
        new(all.N - part.N, all.Sum - part.Sum, all.SumOfSquares - part.SumOfSquares, all.Good - part.Good, all.Bad - part.Bad);

    private static Estimate Share(long k, long n, double z)
    {
        if (n == 0)
        {
            return Estimate.None;
        }

        var (low, high) = Metric.Wilson(k, n, z);
        return new Estimate(100.0 * k / n, low, high, 100 * Math.Sqrt((double)k / n * (1 - (double)k / n) / n), n, k < MinimumAffected);
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
