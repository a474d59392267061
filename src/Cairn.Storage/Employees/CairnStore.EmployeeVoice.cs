using Cairn.Core.Employees;
using Cairn.Core.Ingestion;
using Dapper;

namespace Cairn.Storage;

/// <summary>Employees' and customers' view of one touchpoint. Employee figures are null when fewer than the minimum group gave them.</summary>
public sealed record TouchpointVoices(
    string Touchpoint, string Stage, long EmployeeItems, bool Withheld, double? EmployeeSentiment, double? EmployeePulse, long PainPoints, long Ideas,
    long CustomerItems, double? CustomerSentiment);

/// <summary>A team's pulse, or why it is withheld.</summary>
public sealed record TeamPulse(string Team, long Answers, double? Mean, bool Withheld);

/// <summary>
/// An idea or pain point and how many staff gave it in those words, shown only for a touchpoint with
/// enough employee feedback that it cannot point at one person.
/// </summary>
public sealed record EmployeeVoiceItem(string Kind, string? Touchpoint, string Text, long Count, double? Sentiment, DateTime LastOn);

public sealed record EmployeeVoiceReport(int MinGroup, long Items, IReadOnlyList<TouchpointVoices> Touchpoints, IReadOnlyList<TeamPulse> Teams, IReadOnlyList<EmployeeVoiceItem> Said);

public sealed partial class CairnStore
{
    private static readonly string[] EmployeeFeedbackColumns = ["id", "team", "kind", "touchpoint_id", "score", "text", "sentiment_score", "themes"];

    /// <summary>
    /// Stores employee feedback, all or nothing: an unknown touchpoint refuses the batch, naming the
    /// item. Text is analysed (sentiment, themes) like customers' feedback. Only the day is kept.
    /// </summary>
    public async Task<IngestOutcome> AddEmployeeFeedbackAsync(long workspaceId, IReadOnlyList<EmployeeFeedback> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var touchpoints = (await ListTouchpointsAsync(workspaceId)).GroupBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.OrdinalIgnoreCase);
        var errors = new List<ItemError>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Touchpoint is { } name && !touchpoints.ContainsKey(name))
            {
                errors.Add(new ItemError(i, "touchpoint", $"no touchpoint '{name}' in this workspace's journeys"));
            }
        }

        if (errors.Count > 0)
        {
            return IngestOutcome.Refused(errors);
        }

        var analyses = (await TextFor(workspaceId)).Analyse([.. items.Select(i => i.Text)]);
        var today = UtcNow.Date;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var connection = Connect();
        Dialect.CreateStagingTable(connection, "stage_employee_feedback",
            "id TEXT, team TEXT, kind TEXT, touchpoint_id BIGINT, score DOUBLE PRECISION, text TEXT, sentiment_score DOUBLE PRECISION, themes TEXT");
        using var transaction = connection.BeginTransaction();
        Dialect.ClearStaging(connection, transaction, "stage_employee_feedback");
        Dialect.BulkLoad(connection, "stage_employee_feedback", EmployeeFeedbackColumns, rows =>
        {
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                if (!seen.Add(item.Id))
                {
                    continue; // an id repeated in the batch is stored once
                }

                var analysis = analyses.Items[i];
                rows.Text(item.Id).Text(item.Team).Text(EmployeeFeedback.Name(item.Kind)).BigInt(item.Touchpoint is { } n ? touchpoints[n] : null).Real(item.Score).Text(item.Text)
                    .Real(analysis?.Sentiment?.Score).Text(analysis is { Themes.Count: > 0 } a ? string.Join(',', a.Themes.Select(t => t.Name).Distinct()) : null)
                    .EndRow();
            }
        });
        var inserted = await connection.ExecuteAsync(Dialect.Sql($"""
            INSERT INTO employee_feedback (workspace_id, id, team, kind, touchpoint_id, score, text, sentiment_score, themes, submitted_on)
            SELECT @workspaceId, id, team, kind, touchpoint_id, score, text, sentiment_score, themes, CAST(@today AS DATE) FROM {Dialect.Staging("stage_employee_feedback")}
            ON CONFLICT DO NOTHING
            """), new { workspaceId, today }, transaction);
        transaction.Commit();
        return new IngestOutcome(inserted, items.Count - inserted, []);
    }

    /// <summary>
    /// Employees beside customers per touchpoint, team pulses and the words said, from
    /// <paramref name="since"/>; every employee figure of a group smaller than
    /// <paramref name="minGroup"/> is withheld.
    /// </summary>
    public async Task<EmployeeVoiceReport> EmployeeVoiceAsync(long workspaceId, int minGroup, DateTime since)
    {
        var parameters = new { workspaceId, since, sinceDay = since.Date };
        var touchpoints = await QueryAsync<(string Touchpoint, string Stage, long Items, double? Sentiment, double? Pulse, long Pains, long Ideas, long CustomerItems, double? CustomerSentiment)>("""
            SELECT t.name, g.name, COALESCE(s.items, 0), s.sentiment, s.pulse, COALESCE(s.pains, 0), COALESCE(s.ideas, 0),
                   COALESCE(c.items, 0), c.sentiment
            FROM touchpoints t JOIN stages g ON g.id = t.stage_id
            LEFT JOIN (
                -- Staff's feedback per touchpoint, aggregated once rather than one subquery per figure.
                SELECT touchpoint_id, count(*) AS items, avg(sentiment_score) AS sentiment, avg(CASE WHEN kind = 'pulse' THEN score END) AS pulse,
                       CAST(sum(CASE WHEN kind = 'pain_point' THEN 1 ELSE 0 END) AS BIGINT) AS pains, CAST(sum(CASE WHEN kind = 'idea' THEN 1 ELSE 0 END) AS BIGINT) AS ideas
                FROM employee_feedback
                WHERE workspace_id = @workspaceId AND touchpoint_id IS NOT NULL AND submitted_on >= CAST(@sinceDay AS DATE)
                GROUP BY touchpoint_id
            ) s ON s.touchpoint_id = t.id
            LEFT JOIN (
                -- Customers' feedback about the touchpoint: its own, or a survey comment through its response.
                SELECT COALESCE(f.touchpoint_id, r.touchpoint_id) AS touchpoint_id, count(*) AS items, avg(f.sentiment_score) AS sentiment
                FROM feedback f LEFT JOIN responses r ON r.workspace_id = f.workspace_id AND r.id = f.response_id
                WHERE f.workspace_id = @workspaceId AND f.competitor IS NULL AND f.sentiment_score IS NOT NULL AND f.occurred_at >= @since
                GROUP BY 1
            ) c ON c.touchpoint_id = t.id
            WHERE t.workspace_id = @workspaceId
            ORDER BY g.position, t.name
            """, parameters);
        var teams = await QueryAsync<(string Team, long Answers, double? Mean)>("""
            SELECT team, count(*), avg(score) FROM employee_feedback
            WHERE workspace_id = @workspaceId AND kind = 'pulse' AND submitted_on >= CAST(@sinceDay AS DATE)
            GROUP BY team ORDER BY team
            """, parameters);
        var open = touchpoints.Where(t => t.Items >= minGroup).Select(t => t.Touchpoint).ToHashSet(StringComparer.Ordinal);
        var said = (await QueryAsync<(string Kind, string? Touchpoint, string Text, long Count, double? Sentiment, DateTime On)>("""
            SELECT e.kind, t.name, e.text, count(*), avg(e.sentiment_score), CAST(max(e.submitted_on) AS TIMESTAMP)
            FROM employee_feedback e LEFT JOIN touchpoints t ON t.workspace_id = e.workspace_id AND t.id = e.touchpoint_id
            WHERE e.workspace_id = @workspaceId AND e.kind IN ('idea', 'pain_point') AND e.text IS NOT NULL AND e.submitted_on >= CAST(@sinceDay AS DATE)
            GROUP BY e.kind, t.name, e.text
            ORDER BY count(*) DESC, t.name, e.kind, e.text
            LIMIT 500
            """, parameters))
            .Where(s => s.Touchpoint is not null && open.Contains(s.Touchpoint))
            .Select(s => new EmployeeVoiceItem(s.Kind, s.Touchpoint, s.Text, s.Count, s.Sentiment, DateTime.SpecifyKind(s.On, DateTimeKind.Utc))).ToList();
        var total = (await QueryAsync<long>("SELECT count(*) FROM employee_feedback WHERE workspace_id = @workspaceId AND submitted_on >= CAST(@sinceDay AS DATE)", parameters)).Single();
        return new EmployeeVoiceReport(minGroup, total,
            [.. touchpoints.Select(t => t.Items >= minGroup
                ? new TouchpointVoices(t.Touchpoint, t.Stage, t.Items, false, t.Sentiment, t.Pulse, t.Pains, t.Ideas, t.CustomerItems, t.CustomerSentiment)
                : new TouchpointVoices(t.Touchpoint, t.Stage, t.Items, t.Items > 0, null, null, 0, 0, t.CustomerItems, t.CustomerSentiment))],
            [.. teams.Select(t => t.Answers >= minGroup ? new TeamPulse(t.Team, t.Answers, t.Mean, false) : new TeamPulse(t.Team, t.Answers, null, true))],
            said);
    }
}
