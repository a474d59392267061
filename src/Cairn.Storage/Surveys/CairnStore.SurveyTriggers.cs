using System.Text.Json;
using Cairn.Core.Surveys;
using Dapper;

namespace Cairn.Storage;

/// <summary>
/// A trigger with how far it has invited: every event due by <see cref="DueUntil"/> is done (an event
/// is due once it is stored and its delay has passed); events before <see cref="StartsAt"/> (when
/// the trigger was set) never invite.
/// </summary>
public sealed record DueTrigger(long SurveyId, SurveyTrigger Trigger, DateTime DueUntil, DateTime? StartsAt);

public sealed partial class CairnStore
{
    private static readonly JsonSerializerOptions TriggerJson = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<SurveyTrigger>> SurveyTriggersAsync(long workspaceId, long surveyId) =>
        Triggers(await QuerySingleOrDefaultAsync<string?>("SELECT CAST(triggers AS TEXT) FROM surveys WHERE workspace_id = @workspaceId AND id = @surveyId", new { workspaceId, surveyId }));

    /// <summary>
    /// Replaces a survey's triggers. A new trigger starts from <paramref name="now"/> (events before
    /// it was set invite nobody); a kept one keeps its place; a removed one forgets it.
    /// </summary>
    public async Task SetSurveyTriggersAsync(long workspaceId, long surveyId, IReadOnlyList<SurveyTrigger> triggers, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(triggers);
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        await connection.ExecuteAsync(Dialect.Sql("UPDATE surveys SET triggers = CAST(@json AS {{json}}) WHERE workspace_id = @workspaceId AND id = @surveyId"),
            new { workspaceId, surveyId, json = JsonSerializer.Serialize(triggers, TriggerJson) }, transaction);
        var kept = (await connection.QueryAsync<string>(Dialect.Sql("SELECT event FROM survey_trigger_runs WHERE workspace_id = @workspaceId AND survey_id = @surveyId"),
            new { workspaceId, surveyId }, transaction)).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in kept.Where(k => triggers.All(t => t.Event != k)))
        {
            await connection.ExecuteAsync(Dialect.Sql("DELETE FROM survey_trigger_runs WHERE workspace_id = @workspaceId AND survey_id = @surveyId AND event = @gone"),
                new { workspaceId, surveyId, gone }, transaction);
        }

        foreach (var added in triggers.Where(t => !kept.Contains(t.Event)))
        {
            await connection.ExecuteAsync(Dialect.Sql("INSERT INTO survey_trigger_runs (workspace_id, survey_id, event, processed_until, due_until, starts_at) VALUES (@workspaceId, @surveyId, @event, @now, @now, @now)"),
                new { workspaceId, surveyId, @event = added.Event, now }, transaction);
        }

        transaction.Commit();
    }

    /// <summary>Every trigger of the workspace's surveys with its progress.</summary>
    public async Task<IReadOnlyList<DueTrigger>> DueTriggersAsync(long workspaceId)
    {
        var rows = await QueryAsync<(long SurveyId, string? Json, string Event, DateTime ProcessedUntil, DateTime? DueUntil, DateTime? StartsAt)>("""
            SELECT s.id, CAST(s.triggers AS TEXT), r.event, r.processed_until, r.due_until, r.starts_at
            FROM survey_trigger_runs r JOIN surveys s ON s.workspace_id = r.workspace_id AND s.id = r.survey_id
            WHERE r.workspace_id = @workspaceId
            ORDER BY s.id, r.event
            """, new { workspaceId });
        return [.. rows.Select(r => (r, Triggers(r.Json).FirstOrDefault(t => t.Event == r.Event)))
            .Where(x => x.Item2 is not null)
            .Select(x => new DueTrigger(x.r.SurveyId, x.Item2!,
                AsUtc(x.r.DueUntil ?? x.r.ProcessedUntil.AddMinutes(x.Item2!.DelayMinutes)), // a row from before migration 030 marked event time
                x.r.StartsAt is { } start ? AsUtc(start) : null))];
    }

    /// <summary>
    /// The customers with an event of the trigger that became due after <paramref name="since"/> and
    /// by <paramref name="until"/>: stored by then (received_at) and its delay passed (ts + delay),
    /// whichever is later, so an event stored late still invites, once.
    /// </summary>
    public Task<IReadOnlyList<string>> TriggeredCustomersAsync(long workspaceId, DueTrigger due, DateTime since, DateTime until)
    {
        ArgumentNullException.ThrowIfNull(due);
        var delay = TimeSpan.FromMinutes(due.Trigger.DelayMinutes);
        return QueryAsync<string>("""
            SELECT DISTINCT customer_id FROM events
            WHERE workspace_id = @workspaceId AND name = @eventName
              AND ts <= @untilTs AND received_at <= @until
              AND (ts > @sinceTs OR received_at > @since)
              AND (CAST(@startsAt AS {{ts}}) IS NULL OR ts > @startsAt)
            ORDER BY customer_id
            """, new { workspaceId, eventName = due.Trigger.Event, since, until, sinceTs = since - delay, untilTs = until - delay, startsAt = due.StartsAt });
    }

    public Task AdvanceTriggerAsync(long workspaceId, long surveyId, string eventName, DateTime until) =>
        ExecuteAsync("UPDATE survey_trigger_runs SET due_until = @until WHERE workspace_id = @workspaceId AND survey_id = @surveyId AND event = @eventName",
            new { workspaceId, surveyId, eventName, until });

    private static List<SurveyTrigger> Triggers(string? json) =>
        string.IsNullOrEmpty(json) || json == "null" ? [] : JsonSerializer.Deserialize<List<SurveyTrigger>>(json, TriggerJson) ?? [];
}
