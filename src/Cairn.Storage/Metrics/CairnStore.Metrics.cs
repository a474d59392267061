using Cairn.Core.Metrics;
using Cairn.Storage.Metrics;
using Dapper;

namespace Cairn.Storage;

public sealed partial class CairnStore
{
    /// <summary>
    /// Tallies one score question's answers per group and period in SQL (count, sum, sum of
    /// squares, good and bad counts); Core turns the tallies into statistics. Only a few rows per
    /// slice ever leave the database, however many answers there are. Survey scores are read from
    /// the score rollup (027_score_rollup.sql) unless a bound of the time range falls inside a day.
    /// </summary>
    public Task<IReadOnlyList<TallyRow>> TallyScoresAsync(long workspaceId, MetricQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var metric = query.Metric as ScoreMetric ?? throw new ArgumentException($"{query.Metric.Key} is not a score metric", nameof(query));
        var rolled = !ReferenceEquals(metric, ScoreMetric.Sentiment) && !ReferenceEquals(metric, ScoreMetric.Fcr)
            && (query.From is null || query.From.Value.TimeOfDay == TimeSpan.Zero) && (query.To is null || query.To.Value.TimeOfDay == TimeSpan.Zero);
        return TallyAsync(workspaceId, query, metric, rolled);
    }

    /// <summary>
    /// The same tallies counted from the answers themselves, as the rollup is checked against:
    /// slower (every answer is joined to its customer on each call), never different.
    /// </summary>
    public Task<IReadOnlyList<TallyRow>> TallyScoresFromAnswersAsync(long workspaceId, MetricQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var metric = query.Metric as ScoreMetric ?? throw new ArgumentException($"{query.Metric.Key} is not a score metric", nameof(query));
        return TallyAsync(workspaceId, query, metric, rolled: false);
    }

    private async Task<IReadOnlyList<TallyRow>> TallyAsync(long workspaceId, MetricQuery query, ScoreMetric metric, bool rolled)
    {
        var parameters = new DynamicParameters(new
        {
            workspaceId,
            question = metric.QuestionId,
            scaleMin = metric.Scale.Min,
            scaleMax = metric.Scale.Max,
            goodMin = metric.Good.Min,
            goodMax = metric.Good.Max,
            badMin = metric.Bad.Min,
            badMax = metric.Bad.Max,
        });

        // A rollup row stands for n answers of one value on one day; a raw answer is one of its own.
        var (value, time, weight) = rolled ? ("a.value", "a.day", "a.n") : ("a.value_number", "a.answered_at", "1");
        var where = new List<string>
        {
            "a.workspace_id = @workspaceId",
            "a.question_id = @question",
            $"{value} BETWEEN @scaleMin AND @scaleMax", // an out-of-scale score is not silently counted
        };
        if (query.From is { } from)
        {
            where.Add($"{time} >= @from");
            parameters.Add("from", from);
        }

        if (query.To is { } to)
        {
            where.Add($"{time} < @to");
            parameters.Add("to", to);
        }

        var dimensions = query.Filters.Select(f => (Dimension?)f.Dimension).Append(query.By).OfType<Dimension>().ToHashSet();
        AddFilters(query, where, parameters, rolled);

        var group = query.By is { } by ? $"COALESCE({Column(by, rolled)}, '(none)')" : "CAST(NULL AS TEXT)";
        var period = query.Period is { } p ? Dialect.TruncateTime(p.ToString().ToLowerInvariant(), time) : "CAST(NULL AS {{ts}})";
        var source = rolled ? RolledScores
            : ReferenceEquals(metric, ScoreMetric.Sentiment) ? SentimentAsAnswers
            : ReferenceEquals(metric, ScoreMetric.Fcr) ? FcrAsAnswers
            : "answers";
        var sql = $"""
            SELECT {group} AS grp, {period} AS period_start,
                   CAST(sum({weight}) AS BIGINT) AS n, sum({value} * {weight}) AS total, sum({value} * {value} * {weight}) AS squares,
                   CAST(sum(CASE WHEN {value} BETWEEN @goodMin AND @goodMax THEN {weight} ELSE 0 END) AS BIGINT) AS good,
                   CAST(sum(CASE WHEN {value} BETWEEN @badMin AND @badMax THEN {weight} ELSE 0 END) AS BIGINT) AS bad
            FROM {source} a
            {Joins(dimensions, rolled)}
            WHERE {string.Join("\n  AND ", where)}
            GROUP BY 1, 2
            HAVING sum({weight}) > 0
            """;
        using var connection = Connect();
        var rows = await connection.QueryAsync<(string? Group, DateTime? PeriodStart, long N, double Total, double Squares, long Good, long Bad)>(Dialect.Sql(sql), parameters);
        return rows.Select(r => new TallyRow(
                r.Group,
                r.PeriodStart is { } start ? AsUtc(start) : null,
                new ScoreTally(r.N, r.Total, r.Squares, r.Good, r.Bad)))
            .ToList();
    }

    /// <summary>The score rollup with the deltas not yet folded into it: exact the moment a writer commits.</summary>
    private const string RolledScores = $"""
        (SELECT {ScoreRollup.Keys}, n FROM score_rollup WHERE workspace_id = @workspaceId AND question_id = @question
         UNION ALL
         SELECT {ScoreRollup.Keys}, n FROM score_delta WHERE workspace_id = @workspaceId AND question_id = @question)
        """;

    /// <summary>
    /// Feedback about us with analysed text, shaped like <c>answers</c> so the sentiment metric is
    /// tallied, filtered and sliced by the same SQL: a survey comment takes its response's
    /// touchpoint, stage and survey.
    /// </summary>
    private const string SentimentAsAnswers = """
        (SELECT f.workspace_id, 'sentiment' AS question_id, f.sentiment_score AS value_number, f.occurred_at AS answered_at, f.customer_id,
                COALESCE(f.touchpoint_id, r.touchpoint_id) AS touchpoint_id, r.stage_id, f.channel, r.survey_id
         FROM feedback f LEFT JOIN responses r ON r.workspace_id = f.workspace_id AND r.id = f.response_id
         WHERE f.competitor IS NULL AND f.sentiment_score IS NOT NULL)
        """;

    /// <summary>
    /// Support contacts shaped like <c>answers</c> for first-contact resolution: one row per customer,
    /// assisted touchpoint (phone, chat) and day, scoring 1 when the customer did not come back to
    /// that touchpoint within 7 days, else 0. Contacts in the last 7 days
    /// of contacts (their week is not over). The window runs per workspace, so the outer workspace filter is
    /// pushed into the scan.
    /// </summary>
    private const string FcrAsAnswers = """
        (SELECT c.workspace_id, 'fcr' AS question_id,
                CASE WHEN c.next_day IS NULL OR c.next_day > c.day + INTERVAL '7 days' THEN 1.0 ELSE 0.0 END AS value_number,
                c.day AS answered_at, c.customer_id, c.touchpoint_id, c.stage_id, c.channel, CAST(NULL AS BIGINT) AS survey_id
         FROM (SELECT d.workspace_id, d.customer_id, d.touchpoint_id, d.stage_id, d.channel, d.day,
                      LEAD(d.day) OVER (PARTITION BY d.workspace_id, d.customer_id, d.touchpoint_id ORDER BY d.day) AS next_day,
                      max(d.day) OVER (PARTITION BY d.workspace_id) AS last_day
               FROM (SELECT DISTINCT e.workspace_id, e.customer_id, e.touchpoint_id, tp.stage_id, tp.channel, date_trunc('day', e.ts) AS day
                     FROM events e JOIN touchpoints tp ON tp.id = e.touchpoint_id
                     WHERE tp.channel IN ('phone', 'chat')) d) c
         WHERE c.day <= c.last_day - INTERVAL '7 days')
        """;

    /// <summary>
    /// Counts churn per group and period: customers at each period's start (joined before it and not
    /// yet lost) and those of them lost before its end, split by churn type. The periods arrive as a
    /// VALUES list, so every period is counted in one pass over the customers.
    /// </summary>
    public async Task<IReadOnlyList<(string? Group, DateTime? PeriodStart, ChurnTally Tally)>> TallyChurnAsync(
        long workspaceId, MetricQuery query, IReadOnlyList<(DateTime Start, DateTime End)> periods)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(periods);
        if (periods.Count == 0)
        {
            return [];
        }

        var parameters = new DynamicParameters(new { workspaceId });
        var values = periods.Select((p, i) =>
        {
            parameters.Add($"s{i}", p.Start);
            parameters.Add($"e{i}", p.End);
            return $"(@s{i}, @e{i})";
        });
        var where = new List<string> { "c.workspace_id = @workspaceId" };
        AddFilters(query, where, parameters, rolled: false);
        var group = query.By is { } by ? $"COALESCE({Column(by, rolled: false)}, '(none)')" : "CAST(NULL AS TEXT)";
        var sql = $"""
            SELECT {group} AS grp, p.s AS period_start,
                   count(*) AS at_start,
                   sum(CASE WHEN c.churned_at < p.e THEN 1 ELSE 0 END) AS lost,
                   sum(CASE WHEN c.churned_at < p.e AND c.churn_type = 'voluntary' THEN 1 ELSE 0 END) AS voluntary,
                   sum(CASE WHEN c.churned_at < p.e AND c.churn_type = 'involuntary' THEN 1 ELSE 0 END) AS involuntary
            FROM customers c
            JOIN (VALUES {string.Join(", ", values)}) AS p(s, e)
              ON COALESCE(c.signup_at, c.created_at) < p.s AND (c.churned_at IS NULL OR c.churned_at >= p.s)
            WHERE {string.Join("\n  AND ", where)}
            GROUP BY 1, 2
            """;
        using var connection = Connect();
        var rows = await connection.QueryAsync<(string? Group, DateTime PeriodStart, long AtStart, long Lost, long Voluntary, long Involuntary)>(Dialect.Sql(sql), parameters);
        return rows.Select(r => (r.Group, (DateTime?)AsUtc(r.PeriodStart), new ChurnTally(r.AtStart, r.Lost, r.Voluntary, r.Involuntary))).ToList();
    }

    /// <summary>Each filter as <c>column IN (@f0_0, …)</c>; values are parameters, columns come from <see cref="Column"/>.</summary>
    private static void AddFilters(MetricQuery query, List<string> where, DynamicParameters parameters, bool rolled)
    {
        for (var i = 0; i < query.Filters.Count; i++)
        {
            var filter = query.Filters[i];
            where.Add($"{Column(filter.Dimension, rolled)} IN ({SqlInList.Of(parameters, $"f{i}_", filter.Values)})");
        }
    }

    /// <summary>DuckDB returns TIMESTAMP values unspecified, Npgsql timestamptz as UTC or local: all are UTC instants.</summary>
    private static DateTime AsUtc(DateTime value) =>
        DateTime.SpecifyKind(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value, DateTimeKind.Utc);

    /// <summary>
    /// The column each dimension reads. A fixed map: request text never reaches the SQL. The
    /// rollup holds the customer's traits itself, with '' for none.
    /// </summary>
    private static string Column(Dimension dimension, bool rolled) => dimension switch
    {
        Dimension.Segment or Dimension.Persona or Dimension.Plan or Dimension.Region or Dimension.Channel when rolled =>
            $"NULLIF(a.{dimension.ToString().ToLowerInvariant()}, '')",
        Dimension.Segment => "c.segment",
        Dimension.Persona => "c.persona",
        Dimension.Plan => "c.plan",
        Dimension.Region => "c.region",
        Dimension.Channel => "a.channel",
        Dimension.Touchpoint => "tp.name",
        Dimension.Stage => "st.name",
        Dimension.Survey => "sv.name",
        _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
    };

    /// <summary>Only the joins the query needs: an unsliced NPS is a scan of one table.</summary>
    private static string Joins(HashSet<Dimension> dimensions, bool rolled)
    {
        var joins = new List<string>();
        if (!rolled && dimensions.Overlaps([Dimension.Segment, Dimension.Persona, Dimension.Plan, Dimension.Region]))
        {
            joins.Add("LEFT JOIN customers c ON c.workspace_id = a.workspace_id AND c.external_id = a.customer_id");
        }

        if (dimensions.Contains(Dimension.Touchpoint))
        {
            joins.Add("LEFT JOIN touchpoints tp ON tp.workspace_id = a.workspace_id AND tp.id = a.touchpoint_id");
        }

        if (dimensions.Contains(Dimension.Stage))
        {
            joins.Add("LEFT JOIN stages st ON st.workspace_id = a.workspace_id AND st.id = a.stage_id");
        }

        if (dimensions.Contains(Dimension.Survey))
        {
            joins.Add("LEFT JOIN surveys sv ON sv.workspace_id = a.workspace_id AND sv.id = a.survey_id");
        }

        return string.Join("\n", joins);
    }
}
