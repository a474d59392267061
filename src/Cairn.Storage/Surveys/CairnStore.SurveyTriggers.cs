using System.Text.Json;
using Cairn.Core.Surveys;
using Dapper;

namespace Cairn.Storage;

/// <summary>A trigger with how far it has invited: events up to <see cref="ProcessedUntil"/> are done.</summary>
public sealed record DueTrigger(long SurveyId, SurveyTrigger Trigger, DateTime ProcessedUntil);

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
            await connection.ExecuteAsync(Dialect.Sql("INSERT INTO survey_trigger_runs (workspace_id, survey_id, event, processed_until) VALUES (@workspaceId, @surveyId, @event, @now)"),
                new { workspaceId, surveyId, @event = added.Event, now }, transaction);
        }

        transaction.Commit();
    }

    /// <summary>Every trigger of the workspace's surveys with its progress.</summary>
    public async Task<IReadOnlyList<DueTrigger>> DueTriggersAsync(long workspaceId)
    {
        var rows = await QueryAsync<(long SurveyId, string? Json, string Event, DateTime ProcessedUntil)>("""
            SELECT s.id, CAST(s.triggers AS TEXT), r.event, r.processed_until
            FROM survey_trigger_runs r JOIN surveys s ON s.workspace_id = r.workspace_id AND s.id = r.survey_id
            WHERE r.workspace_id = @workspaceId
            ORDER BY s.id, r.event
            """, new { workspaceId });
        return [.. rows.Select(r => (r, Triggers(r.Json).FirstOrDefault(t => t.Event == r.Event)))
            .Where(x => x.Item2 is not null)
            .Select(x => new DueTrigger(x.r.SurveyId, x.Item2!, DateTime.SpecifyKind(x.r.ProcessedUntil, DateTimeKind.Utc)))];
    }

    /// <summary>The customers who did <paramref name="eventName"/> in (since, until], by event time.</summary>
    public Task<IReadOnlyList<string>> TriggeredCustomersAsync(long workspaceId, string eventName, DateTime since, DateTime until) =>
        QueryAsync<string>("""
            SELECT DISTINCT customer_id FROM events
            WHERE workspace_id = @workspaceId AND name = @eventName AND ts > @since AND ts <= @until
            ORDER BY customer_id
            """, new { workspaceId, eventName, since, until });

    public Task AdvanceTriggerAsync(long workspaceId, long surveyId, string eventName, DateTime until) =>
        ExecuteAsync("UPDATE survey_trigger_runs SET processed_until = @until WHERE workspace_id = @workspaceId AND survey_id = @surveyId AND event = @eventName",
            new { workspaceId, surveyId, eventName, until });

    private static List<SurveyTrigger> Triggers(string? json) =>
        string.IsNullOrEmpty(json) || json == "null" ? [] : JsonSerializer.Deserialize<List<SurveyTrigger>>(json, TriggerJson) ?? [];
}
