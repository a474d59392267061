namespace Cairn.Core.Metrics;

/// <summary>
/// A metric computed from one score question (DOMAIN.md, "Metrics"): which question it reads, its
/// scale, what counts as good and bad, and how a tally becomes a value with an interval.
/// </summary>
public abstract class ScoreMetric : Metric
{
    public static readonly ScoreMetric Nps = new NpsMetric();
    public static readonly ScoreMetric Csat = new CsatMetric();
    public static readonly ScoreMetric Ces = new CesMetric();

    /// <summary>The mean sentiment of feedback about us (text analytics), sliced like any score.</summary>
    public static readonly ScoreMetric Sentiment = new SentimentMetric();

    /// <summary>First-contact resolution, read from support contacts in the event stream rather than a question.</summary>
    public static readonly ScoreMetric Fcr = new FcrMetric();

    /// <summary>The survey-question metrics (sentiment is not a question: it is read from feedback).</summary>
    public static new IReadOnlyList<ScoreMetric> All { get; } = [Nps, Csat, Ces];

    /// <summary>The question id whose answers the metric reads (the templates' standard ids).</summary>
    public string QuestionId => Key;

    public abstract ScoreRange Scale { get; }

    public abstract ScoreRange Good { get; }

    public abstract ScoreRange Bad { get; }

    /// <summary>The value, interval and standard error at <paramref name="level"/>; too few below <paramref name="minimumN"/>.</summary>
    public Estimate Estimate(ScoreTally tally, double level = 0.95, long minimumN = 30)
    {
        ArgumentNullException.ThrowIfNull(tally);
        if (tally.N == 0)
        {
            return Metrics.Estimate.None;
        }

        var (value, low, high, se) = Compute(tally, Normal.TwoSidedCritical(level));
        return new Estimate(value, low, high, se, tally.N, tally.N < minimumN);
    }

    protected abstract (double Value, double Low, double High, double StandardError) Compute(ScoreTally tally, double z);

    /// <summary>
    /// NPS = %promoters − %detractors. Each answer scores +1, 0 or −1; the NPS is 100 × their mean,
    /// so its variance is (p + d − (p − d)²) / n, with p and d the promoter and detractor shares.
    /// </summary>
    private sealed class NpsMetric : ScoreMetric
    {
        public override string Key => "nps";

        public override string Title => "Net Promoter Score";

        public override ScoreRange Scale => new(0, 10);

        public override ScoreRange Good => new(9, 10);

        public override ScoreRange Bad => new(0, 6);

        public override string Unit => "points";

        protected override (double, double, double, double) Compute(ScoreTally tally, double z)
        {
            var p = (double)tally.Good / tally.N;
            var d = (double)tally.Bad / tally.N;
            var nps = 100 * (p - d);
            var se = 100 * Math.Sqrt(Math.Max(0, p + d - (p - d) * (p - d)) / tally.N);
            return (nps, Math.Max(-100, nps - z * se), Math.Min(100, nps + z * se), se);
        }
    }

    /// <summary>CSAT as the top-2-box share (4 or 5 of 5) in percent, with a Wilson interval.</summary>
    private sealed class CsatMetric : ScoreMetric
    {
        public override string Key => "csat";

        public override string Title => "Customer Satisfaction (top-2-box)";

        public override ScoreRange Scale => new(1, 5);

        public override ScoreRange Good => new(4, 5);

        public override ScoreRange Bad => new(1, 2);

        public override string Unit => "%";

        protected override (double, double, double, double) Compute(ScoreTally tally, double z)
        {
            var p = (double)tally.Good / tally.N;
            var (low, high) = Wilson(tally.Good, tally.N, z);
            return (100 * p, low, high, 100 * Math.Sqrt(p * (1 - p) / tally.N));
        }
    }

    /// <summary>
    /// CES as the mean effort on 1-7, where 1 is the least effort (the orientation of DOMAIN.md's
    /// wording); the interval is the mean ± z × s / √n. Low effort is 1-3, high effort 5-7.
    /// </summary>
    private sealed class CesMetric : ScoreMetric
    {
        public override string Key => "ces";

        public override string Title => "Customer Effort Score (mean, 1 = least effort)";

        public override ScoreRange Scale => new(1, 7);

        public override ScoreRange Good => new(1, 3);

        public override ScoreRange Bad => new(5, 7);

        public override string Unit => "";

        public override bool HigherIsBetter => false;

        protected override (double, double, double, double) Compute(ScoreTally tally, double z)
        {
            return MeanInterval(tally, z, Scale.Min, Scale.Max);
        }
    }

    /// <summary>
    /// Sentiment as the mean score (−1..+1) of feedback about us with analysed text; the interval is
    /// the mean ± z × s / √n. Positive is ≥ 0.05, negative ≤ −0.05 (the labels' cut-offs).
    /// </summary>
    private sealed class SentimentMetric : ScoreMetric
    {
        public override string Key => "sentiment";
        public override string Title => "Sentiment of feedback (mean, −1..+1)";
        public override ScoreRange Scale => new(-1, 1);
        public override ScoreRange Good => new(0.05, 1);
        public override ScoreRange Bad => new(-1, -0.05);
        public override string Unit => "";

        protected override (double, double, double, double) Compute(ScoreTally tally, double z) => MeanInterval(tally, z, Scale.Min, Scale.Max);
    }

    /// <summary>
    /// First-contact resolution (DOMAIN.md: issues resolved on first contact ÷ all issues). A contact
    /// is a customer's day at an assisted touchpoint (phone or chat); it counts as resolved when the
    /// customer does not come back to that touchpoint within the next 7 days. Each contact scores 1
    /// or 0, so FCR is the share of ones with a Wilson interval, like CSAT's top-2-box.
    /// </summary>
    private sealed class FcrMetric : ScoreMetric
    {
        public override string Key => "fcr";
        public override string Title => "First-contact resolution";
        public override ScoreRange Scale => new(0, 1);
        public override ScoreRange Good => new(1, 1);
        public override ScoreRange Bad => new(0, 0);
        public override string Unit => "%";

        /// <summary>A contact is not a survey answer: there is no survey to slice by.</summary>
        public override IReadOnlyList<Dimension> Dimensions { get; } = [.. Enum.GetValues<Dimension>().Where(d => d != Dimension.Survey)];

        protected override (double, double, double, double) Compute(ScoreTally tally, double z)
        {
            var p = (double)tally.Good / tally.N;
            var (low, high) = Wilson(tally.Good, tally.N, z);
            return (100 * p, low, high, 100 * Math.Sqrt(p * (1 - p) / tally.N));
        }
    }
}
