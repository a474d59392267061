using Cairn.Core.Metrics;

namespace Cairn.Core.Cases;

/// <summary>
/// The closed-loop counts of the cases opened in a period, aggregated in SQL: how many were
/// resolved (and within their SLA), median hours to first action and to close, the detractor
/// answers of the period and how many of them got a case, and the change in score of customers
/// who answered the same question again after their case closed (oriented so that a positive
/// change is better: lower effort counts as better for CES).
/// </summary>
/// <param name="Opened">Cases opened in the period.</param>
/// <param name="Open">Of them, not yet resolved.</param>
/// <param name="Overdue">Of them, open past their SLA.</param>
/// <param name="Resolved">Of them, resolved.</param>
/// <param name="ResolvedInSla">Resolved no later than their SLA.</param>
/// <param name="MedianHoursToFirstAction">Median hours from opening to the first note, message or status change.</param>
/// <param name="MedianHoursToClose">Median hours from opening to resolution.</param>
/// <param name="Detractors">NPS answers of 0-6 given in the period.</param>
/// <param name="DetractorsWithCase">Of them, those a case was opened for.</param>
/// <param name="Resurveyed">Resolved cases whose customer answered the same question again after closing.</param>
/// <param name="Change">The oriented score changes of the resurveyed (count, sum, sum of squares).</param>
/// <param name="Improved">Resurveyed customers whose score got better.</param>
public sealed record ClosedLoopTally(
    long Opened, long Open, long Overdue, long Resolved, long ResolvedInSla, double? MedianHoursToFirstAction, double? MedianHoursToClose,
    long Detractors, long DetractorsWithCase, long Resurveyed, ScoreTally Change, long Improved);

/// <summary>
/// The closed-loop metrics of DOMAIN.md ("Closed loop", "Service recovery paradox"): coverage
/// (share of detractors followed up), closure and SLA rates with Wilson intervals, time to first
/// action and to close, and the score change after recovery with its interval.
/// </summary>
/// <param name="Tally">The counts behind every figure.</param>
/// <param name="Coverage">Share of detractor answers that got a case, percent.</param>
/// <param name="Closure">Share of opened cases resolved, percent.</param>
/// <param name="WithinSla">Share of resolved cases resolved within their SLA, percent.</param>
/// <param name="ScoreChange">Mean oriented score change after recovery, in scale points.</param>
/// <param name="ImprovedShare">Share of resurveyed customers whose score improved, percent.</param>
public sealed record ClosedLoopReport(ClosedLoopTally Tally, Estimate Coverage, Estimate Closure, Estimate WithinSla, Estimate ScoreChange, Estimate ImprovedShare)
{
    public static ClosedLoopReport From(ClosedLoopTally tally, double level = 0.95, long minimumN = 10)
    {
        ArgumentNullException.ThrowIfNull(tally);
        var z = Normal.TwoSidedCritical(level);
        return new ClosedLoopReport(
            tally,
            Share(tally.DetractorsWithCase, tally.Detractors, z, minimumN),
            Share(tally.Resolved, tally.Opened, z, minimumN),
            Share(tally.ResolvedInSla, tally.Resolved, z, minimumN),
            Mean(tally.Change, z, minimumN),
            Share(tally.Improved, tally.Resurveyed, z, minimumN));
    }

    private static Estimate Share(long k, long n, double z, long minimumN)
    {
        if (n == 0)
        {
            return Estimate.None;
        }

        var (low, high) = Metric.Wilson(k, n, z);
        return new Estimate(100.0 * k / n, low, high, 100 * Math.Sqrt((double)k / n * (1 - (double)k / n) / n), n, n < minimumN);
    }

    private static Estimate Mean(ScoreTally change, double z, long minimumN)
    {
        if (change.N == 0)
        {
            return Estimate.None;
        }

        var (mean, low, high, se) = Metric.MeanInterval(change, z, double.NegativeInfinity, double.PositiveInfinity);
        return new Estimate(mean, low, high, se, change.N, change.N < minimumN);
    }
}
