using Cairn.Core.Maturity;
using Dapper;

namespace Cairn.Storage;

/// <summary>A team's own answer on a maturity dimension.</summary>
public sealed record MaturityAnswer(string Dimension, int Level, string? Note, string? AnsweredBy, DateTime AnsweredAt);

public sealed partial class CairnStore
{
    private sealed record MaturityCounts(
        long Touchpoints, long TouchpointsWithFeedback, long TouchpointsWithOwner, long Direct, long Indirect, long Inferred, long Events,
        long Feedback, long FeedbackWithCustomer, long Responses, long ResponsesWithTouchpoint, long Texts, long TextsAnalysed, long NegativeTexts, long NegativeWithTheme,
        long CasesWithOwner, long Customers, long CustomersWithRevenue, long InitiativesMeasured);

    /// <summary>Counts what the maturity dimensions are computed from, over [from, to), in one query plus the closed-loop tally.</summary>
    public async Task<MaturityTally> MaturityTallyAsync(long workspaceId, DateTime from, DateTime to, DateTime now)
    {
        var c = (await QueryAsync<MaturityCounts>("""
            WITH tp AS (
                SELECT t.id, t.owner FROM touchpoints t JOIN journeys j ON j.workspace_id = t.workspace_id AND j.id = t.journey_id
                WHERE t.workspace_id = @workspaceId AND j.state = 'current'),
            heard AS (
                SELECT touchpoint_id FROM responses WHERE workspace_id = @workspaceId AND touchpoint_id IS NOT NULL AND started_at >= @from AND started_at < @to
                UNION
                SELECT touchpoint_id FROM feedback WHERE workspace_id = @workspaceId AND touchpoint_id IS NOT NULL AND occurred_at >= @from AND occurred_at < @to),
            fb AS (
                SELECT id, kind, customer_id, text, sentiment_score FROM feedback
                WHERE workspace_id = @workspaceId AND competitor IS NULL AND occurred_at >= @from AND occurred_at < @to)
            SELECT
                (SELECT count(*) FROM tp) AS Touchpoints,
                (SELECT count(*) FROM tp WHERE id IN (SELECT touchpoint_id FROM heard)) AS TouchpointsWithFeedback,
                (SELECT count(*) FROM tp WHERE owner IS NOT NULL AND owner <> '') AS TouchpointsWithOwner,
                (SELECT count(*) FROM fb WHERE kind = 'direct') + (SELECT count(*) FROM responses WHERE workspace_id = @workspaceId AND started_at >= @from AND started_at < @to) AS Direct,
                (SELECT count(*) FROM fb WHERE kind = 'indirect') AS Indirect,
                (SELECT count(*) FROM fb WHERE kind = 'inferred') AS Inferred,
                (SELECT count(*) FROM (SELECT 1 FROM events WHERE workspace_id = @workspaceId AND ts >= @from AND ts < @to LIMIT 1) e) AS Events,
                (SELECT count(*) FROM fb) AS Feedback,
                (SELECT count(*) FROM fb WHERE customer_id IS NOT NULL) AS FeedbackWithCustomer,
                (SELECT count(*) FROM responses WHERE workspace_id = @workspaceId AND started_at >= @from AND started_at < @to) AS Responses,
                (SELECT count(*) FROM responses WHERE workspace_id = @workspaceId AND started_at >= @from AND started_at < @to AND touchpoint_id IS NOT NULL) AS ResponsesWithTouchpoint,
                (SELECT count(*) FROM fb WHERE text IS NOT NULL AND text <> '') AS Texts,
                (SELECT count(*) FROM fb WHERE text IS NOT NULL AND text <> '' AND sentiment_score IS NOT NULL) AS TextsAnalysed,
                (SELECT count(*) FROM fb WHERE sentiment_score < -0.05) AS NegativeTexts,
                (SELECT count(*) FROM fb WHERE sentiment_score < -0.05
                    AND EXISTS (SELECT 1 FROM feedback_themes ft WHERE ft.workspace_id = @workspaceId AND ft.feedback_id = fb.id)) AS NegativeWithTheme,
                (SELECT count(*) FROM cases WHERE workspace_id = @workspaceId AND opened_at >= @from AND opened_at < @to AND owner IS NOT NULL) AS CasesWithOwner,
                (SELECT count(*) FROM customers WHERE workspace_id = @workspaceId) AS Customers,
                (SELECT count(*) FROM customers WHERE workspace_id = @workspaceId AND monthly_revenue > 0) AS CustomersWithRevenue,
                (SELECT count(*) FROM initiatives WHERE workspace_id = @workspaceId AND launched_at IS NOT NULL AND status <> 'cancelled') AS InitiativesMeasured
            """, new { workspaceId, from, to })).Single();
        var loop = await ClosedLoopAsync(workspaceId, from, to, now);
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        if (c.Direct > 0)
        {
            kinds.Add("direct");
        }

        if (c.Indirect > 0)
        {
            kinds.Add("indirect");
        }

        if (c.Inferred > 0 || c.Events > 0)
        {
            kinds.Add("inferred");
        }

        return new MaturityTally(c.Touchpoints, c.TouchpointsWithFeedback, c.TouchpointsWithOwner, kinds, c.Feedback, c.FeedbackWithCustomer, c.Responses, c.ResponsesWithTouchpoint,
            c.Texts, c.TextsAnalysed, c.NegativeTexts, c.NegativeWithTheme, loop.Detractors, loop.DetractorsWithCase, loop.MedianHoursToFirstAction, loop.Opened, c.CasesWithOwner,
            c.Customers, c.CustomersWithRevenue, c.InitiativesMeasured);
    }

    public Task<IReadOnlyList<MaturityAnswer>> MaturityAnswersAsync(long workspaceId) =>
        QueryAsync<MaturityAnswer>("SELECT dimension, level, note, answered_by AS AnsweredBy, answered_at AS AnsweredAt FROM maturity_answers WHERE workspace_id = @workspaceId ORDER BY dimension",
            new { workspaceId });

    /// <summary>Records (or replaces) the team's answer on a dimension.</summary>
    public async Task SaveMaturityAnswerAsync(long workspaceId, MaturityAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        await connection.ExecuteAsync(Dialect.Sql("DELETE FROM maturity_answers WHERE workspace_id = @workspaceId AND dimension = @Dimension"), new { workspaceId, answer.Dimension }, transaction);
        await connection.ExecuteAsync(Dialect.Sql("""
            INSERT INTO maturity_answers (workspace_id, dimension, level, note, answered_by, answered_at) VALUES (@workspaceId, @Dimension, @Level, @Note, @AnsweredBy, @AnsweredAt)
            """), new { workspaceId, answer.Dimension, answer.Level, answer.Note, answer.AnsweredBy, answer.AnsweredAt }, transaction);
        transaction.Commit();
    }
}
