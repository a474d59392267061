namespace Cairn.Core.Metrics;

/// <summary>One row the store aggregated: a group (or null when not grouped), a period start (or null) and its tally.</summary>
public sealed record TallyRow(string? Group, DateTime? PeriodStart, ScoreTally Tally);

/// <summary>
/// A slice of a metric: its group and/or period, the estimate and, for periods, the change from the
/// one before. <see cref="Breakdown"/> holds a metric's parts (churn: voluntary, involuntary, retention).
/// </summary>
public sealed record MetricSlice(string Key, string? Group, DateTime? PeriodStart, Estimate Estimate, Change? Change, IReadOnlyDictionary<string, double>? Breakdown = null);

/// <summary>
/// A metric's answer: the overall estimate and its slices. For score metrics the overall tally is
/// the sum of the slices' tallies, so slices always add up to the total.
/// </summary>
public sealed record MetricReport(MetricQuery Query, Estimate Overall, IReadOnlyList<MetricSlice> Slices, IReadOnlyDictionary<string, double>? Breakdown = null)
{
    public static MetricReport Build(MetricQuery query, IReadOnlyList<TallyRow> rows)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(rows);
        var metric = query.Metric as ScoreMetric ?? throw new ArgumentException($"{query.Metric.Key} is not a score metric", nameof(query));
        var total = rows.Aggregate(ScoreTally.Empty, (sum, row) => sum + row.Tally);
        var overall = metric.Estimate(total, query.Level, query.MinimumN);
        if (query.By is null && query.Period is null)
        {
            return new MetricReport(query, overall, []);
        }

        var slices = SliceRows(query, rows.Select(r => (r.Group, r.PeriodStart, r.Tally)), t => metric.Estimate(t, query.Level, query.MinimumN), _ => null);
        return new MetricReport(query, overall, slices);
    }

    /// <summary>
    /// Churn over [from, to): <paramref name="overall"/> counts the whole range as one period; each
    /// row one group and period. Churn rates do not add up across periods, so the overall has its own tally.
    /// </summary>
    public static MetricReport BuildChurn(MetricQuery query, ChurnTally overall, IReadOnlyList<(string? Group, DateTime? PeriodStart, ChurnTally Tally)> rows)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(overall);
        ArgumentNullException.ThrowIfNull(rows);
        var slices = query.By is null && query.Period is null
            ? []
            : SliceRows(query, rows, t => ChurnMetric.Estimate(t, query.Level, query.MinimumN), ChurnMetric.Breakdown);
        return new MetricReport(query, ChurnMetric.Estimate(overall, query.Level, query.MinimumN), slices, ChurnMetric.Breakdown(overall));
    }

    /// <summary>One slice per group and period, ordered; each period compared with the group's previous one.</summary>
    private static List<MetricSlice> SliceRows<T>(MetricQuery query, IEnumerable<(string? Group, DateTime? PeriodStart, T Tally)> rows,
        Func<T, Estimate> estimate, Func<T, IReadOnlyDictionary<string, double>?> breakdown)
    {
        var slices = new List<MetricSlice>();
        foreach (var group in rows.GroupBy(r => r.Group).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Estimate? previous = null;
            foreach (var row in group.OrderBy(r => r.PeriodStart))
            {
                var current = estimate(row.Tally);
                var change = query.Period is not null && previous is not null ? Change.Between(query.Metric, previous, current, query.Level) : null;
                slices.Add(new MetricSlice(Key(row.Group, row.PeriodStart, query.Period), row.Group, row.PeriodStart, current, change, breakdown(row.Tally)));
                previous = current;
            }
        }

        return slices;
    }

    /// <summary>"Business", "2026-10", "Business · 2026-Q4": what a person reads in a table.</summary>
    private static string Key(string? group, DateTime? periodStart, Period? period)
    {
        var when = periodStart is { } start && period is { } p ? PeriodLabel(start, p) : null;
        return (group, when) switch
        {
            ({ } g, { } w) => $"{g} · {w}",
            ({ } g, null) => g,
            (null, { } w) => w,
            _ => "all",
        };
    }

    public static string PeriodLabel(DateTime start, Period period) => period switch
    {
        Period.Day => start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Period.Week => "week of " + start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Period.Month => start.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
        _ => $"{start.Year}-Q{(start.Month - 1) / 3 + 1}",
    };
}
