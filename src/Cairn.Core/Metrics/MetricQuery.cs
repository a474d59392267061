using System.Globalization;
using Cairn.Core.Ingestion;

namespace Cairn.Core.Metrics;

/// <summary>What a metric can be sliced and filtered by. The store maps each to a column; user text never becomes SQL.</summary>
public enum Dimension
{
    Segment,
    Persona,
    Plan,
    Region,
    Channel,
    Touchpoint,
    Stage,
    Survey,
}

/// <summary>Time buckets, in UTC; weeks start on Monday (ISO 8601).</summary>
public enum Period
{
    Day,
    Week,
    Month,
    Quarter,
}

/// <summary>
/// One metric request: <c>GET /api/v1/metrics/{metric}?by=segment&amp;period=month&amp;from=…&amp;to=…&amp;filter=channel:web,segment:Business</c>
/// and <c>cairn metrics nps --by segment --period month</c> both parse into this, so they answer alike.
/// </summary>
public sealed record MetricQuery(
    Metric Metric,
    Dimension? By,
    Period? Period,
    DateTime? From,
    DateTime? To,
    IReadOnlyList<MetricFilter> Filters,
    double Level = 0.95,
    long MinimumN = MetricQuery.DefaultMinimumN)
{
    /// <summary>
    /// Below 30 answers an NPS interval is about ±35 points wide: a number that invites wrong
    /// conclusions, so it is reported as "too few responses" instead.
    /// </summary>
    public const long DefaultMinimumN = 30;

    public static string Names<T>() where T : struct, Enum => string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));

    /// <summary>Parses the raw parameters; every problem is reported with the parameter's name.</summary>
    public static MetricQuery? Parse(string metric, string? by, string? period, string? from, string? to, string? filter, string? level, string? minimumN, List<ItemError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var found = Metric.Find(metric);
        if (found is null)
        {
            errors.Add(new ItemError(0, "metric", $"unknown metric '{metric}'; one of: {string.Join(", ", Metric.All.Select(m => m.Key))}"));
        }

        Dimension? dimension = null;
        Period? bucket = null;
        if (!string.IsNullOrWhiteSpace(by))
        {
            // "by=month" is accepted as a shorthand for period=month with no grouping.
            if (Enum.TryParse<Dimension>(by, true, out var d) && !int.TryParse(by, out _))
            {
                dimension = d;
            }
            else if (Enum.TryParse<Period>(by, true, out var p) && !int.TryParse(by, out _))
            {
                bucket = p;
            }
            else
            {
                errors.Add(new ItemError(0, "by", $"cannot slice by '{by}'; one of: {Names<Dimension>()}, or a period: {Names<Period>()}"));
            }
        }

        if (!string.IsNullOrWhiteSpace(period))
        {
            if (Enum.TryParse<Period>(period, true, out var p) && !int.TryParse(period, out _))
            {
                bucket = p;
            }
            else
            {
                errors.Add(new ItemError(0, "period", $"unknown period '{period}'; one of: {Names<Period>()}"));
            }
        }

        var (fromDate, toDate) = ParsePeriod(from, to, errors);
        var filters = MetricFilter.Parse(filter, errors);
        var sliced = filters.Select(f => (f.Dimension, Field: "filter")).ToList();
        if (dimension is { } by0)
        {
            sliced.Insert(0, (by0, "by"));
        }

        foreach (var (d, field) in sliced)
        {
            if (found is not null && !found.Dimensions.Contains(d))
            {
                errors.Add(new ItemError(0, field, $"{found.Key} cannot be sliced by {d.ToString().ToLowerInvariant()}; use {string.Join(", ", found.Dimensions.Select(x => x.ToString().ToLowerInvariant()))}"));
            }
        }

        var confidence = 0.95;
        if (!string.IsNullOrWhiteSpace(level)
            && (!double.TryParse(level, NumberStyles.Float, CultureInfo.InvariantCulture, out confidence) || confidence is < 0.5 or > 0.999))
        {
            errors.Add(new ItemError(0, "level", "must be a confidence level between 0.5 and 0.999, such as 0.95"));
        }

        var minimum = DefaultMinimumN;
        if (!string.IsNullOrWhiteSpace(minimumN) && (!long.TryParse(minimumN, NumberStyles.None, CultureInfo.InvariantCulture, out minimum) || minimum < 1))
        {
            errors.Add(new ItemError(0, "minN", "must be a whole number of at least 1"));
        }

        return errors.Count > 0 ? null : new MetricQuery(found!, dimension, bucket, fromDate, toDate, filters, confidence, minimum);
    }

    /// <summary>A from/to pair of dates (see <see cref="ParseDate"/>); when both are given, from must come first.</summary>
    public static (DateTime? From, DateTime? To) ParsePeriod(string? from, string? to, List<ItemError> errors)
    {
        var fromDate = ParseDate(from, "from", errors);
        var toDate = ParseDate(to, "to", errors);
        if (fromDate is not null && toDate is not null && fromDate >= toDate)
        {
            errors.Add(new ItemError(0, "to", "must be later than 'from'"));
        }

        return (fromDate, toDate);
    }

    /// <summary>A date (2026-10-01, read as the start of that day in UTC) or an ISO 8601 instant.</summary>
    public static DateTime? ParseDate(string? text, string field, List<ItemError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed.UtcDateTime;
        }

        errors.Add(new ItemError(0, field, $"'{text}' is not a date; write 2026-10-01 or 2026-10-01T00:00:00Z"));
        return null;
    }
}

/// <summary>Keep only answers whose <see cref="Dimension"/> is one of <see cref="Values"/>.</summary>
public sealed record MetricFilter(Dimension Dimension, IReadOnlyList<string> Values)
{
    /// <summary>Parses <c>segment:Business,channel:web,channel:phone</c>: one dimension's values are alternatives.</summary>
    public static IReadOnlyList<MetricFilter> Parse(string? text, List<ItemError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var values = new Dictionary<Dimension, List<string>>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == part.Length - 1)
            {
                errors.Add(new ItemError(0, "filter", $"'{part}' is not dimension:value, such as segment:Business"));
                continue;
            }

            var name = part[..colon].Trim();
            if (!Enum.TryParse<Dimension>(name, true, out var dimension) || int.TryParse(name, out _))
            {
                errors.Add(new ItemError(0, "filter", $"cannot filter by '{name}'; one of: {MetricQuery.Names<Dimension>()}"));
                continue;
            }

            if (!values.TryGetValue(dimension, out var list))
            {
                values[dimension] = list = [];
            }

            list.Add(part[(colon + 1)..].Trim());
        }

        return values.Select(v => new MetricFilter(v.Key, v.Value)).ToList();
    }
}
