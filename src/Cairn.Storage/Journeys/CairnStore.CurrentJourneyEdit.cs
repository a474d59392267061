using System.Data.Common;
using Cairn.Core.Journeys;
using Dapper;

namespace Cairn.Storage;

/// <summary>What editing a current-state map did: the outcome, how many stored events changed touchpoint, and what blocked it.</summary>
public sealed record CurrentJourneyEdit(JourneyEditOutcome Outcome, long EventsRemapped, IReadOnlyList<string> InUse);

public sealed partial class CairnStore
{
    /// <summary>Tables whose rows are placed on a touchpoint, beyond events (which are remapped) and pain points and opportunities (which keep their text).</summary>
    private static readonly string[] TouchpointHolders = ["surveys", "responses", "answers", "feedback", "cases", "case_routes", "audit_steps", "employee_feedback"];

    /// <summary>Tables whose rows are placed on a stage.</summary>
    private static readonly string[] StageHolders = ["responses", "answers"];

    /// <summary>
    /// Edits a current-state map in place. Stages and touchpoints are matched by name and keep
    /// their ids, so the surveys, answers, cases and audits placed on them stay placed; new ones
    /// are added; one that is dropped must hold none of those (the edit is refused, naming it and
    /// what it holds). Event rules are replaced and the stored events are mapped again in the same
    /// transaction: those mapped to this journey, and unmapped ones that a new rule now names.
    /// The path index rebuilds the workspace's journeys at its next refresh.
    /// </summary>
    public async Task<CurrentJourneyEdit> ReplaceCurrentJourneyAsync(long workspaceId, long journeyId, JourneyDefinition journey)
    {
        ArgumentNullException.ThrowIfNull(journey);
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        var parameters = new { workspaceId, journeyId };
        var state = await connection.ExecuteScalarAsync<string?>(Dialect.Sql("SELECT state FROM journeys WHERE workspace_id = @workspaceId AND id = @journeyId"), parameters, transaction);
        if (state is null)
        {
            return new(JourneyEditOutcome.NotFound, 0, []);
        }

        if (!string.Equals(state, "current", StringComparison.OrdinalIgnoreCase))
        {
            return new(JourneyEditOutcome.NotCurrent, 0, []);
        }

        var oldStages = (await connection.QueryAsync<(long Id, string Name)>(Dialect.Sql("SELECT id, name FROM stages WHERE workspace_id = @workspaceId AND journey_id = @journeyId"), parameters, transaction))
            .ToDictionary(s => s.Name, s => s.Id, StringComparer.OrdinalIgnoreCase);
        var oldTouchpoints = (await connection.QueryAsync<(long Id, string Name)>(Dialect.Sql("SELECT id, name FROM touchpoints WHERE workspace_id = @workspaceId AND journey_id = @journeyId"), parameters, transaction))
            .ToDictionary(t => t.Name, t => t.Id, StringComparer.OrdinalIgnoreCase);
        var newStages = journey.Stages.Select(s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var newTouchpoints = journey.Stages.SelectMany(s => s.Touchpoints).Select(t => t.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var droppedStages = oldStages.Where(s => !newStages.Contains(s.Key)).ToList();
        var droppedTouchpoints = oldTouchpoints.Where(t => !newTouchpoints.Contains(t.Key)).ToList();

        var inUse = new List<string>();
        foreach (var (name, id) in droppedTouchpoints)
        {
            inUse.AddRange(await HoldersAsync(connection, transaction, workspaceId, "touchpoint", name, id, TouchpointHolders, "touchpoint_id"));
        }

        foreach (var (name, id) in droppedStages)
        {
            inUse.AddRange(await HoldersAsync(connection, transaction, workspaceId, "stage", name, id, StageHolders, "stage_id"));
        }

        if (inUse.Count > 0)
        {
            return new(JourneyEditOutcome.InUse, 0, inUse);
        }

        await connection.ExecuteAsync(Dialect.Sql("""
            UPDATE journeys SET name = @name, persona_id = @persona, scope = @scope, purpose = @purpose, version = version + 1
            WHERE workspace_id = @workspaceId AND id = @journeyId
            """), new { workspaceId, journeyId, name = journey.Name, persona = journey.PersonaId, scope = journey.Scope, purpose = journey.Purpose }, transaction);
        await connection.ExecuteAsync(Dialect.Sql("DELETE FROM touchpoint_rules WHERE workspace_id = @workspaceId AND touchpoint_id IN (SELECT id FROM touchpoints WHERE journey_id = @journeyId)"), parameters, transaction);
        foreach (var (_, id) in droppedTouchpoints)
        {
            foreach (var table in new[] { "pain_points", "opportunities" })
            {
                await connection.ExecuteAsync(Dialect.Sql($"UPDATE {table} SET touchpoint_id = NULL WHERE workspace_id = @workspaceId AND touchpoint_id = @id"), new { workspaceId, id }, transaction);
            }

            await connection.ExecuteAsync(Dialect.Sql("DELETE FROM touchpoints WHERE workspace_id = @workspaceId AND id = @id"), new { workspaceId, id }, transaction);
        }

        foreach (var (_, id) in droppedStages)
        {
            await connection.ExecuteAsync(Dialect.Sql("DELETE FROM stage_owners WHERE workspace_id = @workspaceId AND stage_id = @id"), new { workspaceId, id }, transaction);
            await connection.ExecuteAsync(Dialect.Sql("DELETE FROM stages WHERE workspace_id = @workspaceId AND id = @id"), new { workspaceId, id }, transaction);
        }

        for (var s = 0; s < journey.Stages.Count; s++)
        {
            var stage = journey.Stages[s];
            var stageValues = new { workspaceId, journeyId, position = s + 1, name = stage.Name, goal = stage.CustomerGoal, expectations = stage.Expectations, actions = stage.Actions };
            var stageId = await KeepOrInsertAsync(connection, transaction, oldStages.TryGetValue(stage.Name, out var kept) ? kept : null,
                "UPDATE stages SET position = @position, name = @name, customer_goal = @goal, expectations = @expectations, actions = @actions WHERE workspace_id = @workspaceId AND id = @id",
                InsertStageSql, stageValues);
            for (var t = 0; t < stage.Touchpoints.Count; t++)
            {
                var touchpoint = stage.Touchpoints[t];
                var values = new { workspaceId, journeyId, stageId, position = t + 1, name = touchpoint.Name, channel = touchpoint.Channel, mot = touchpoint.MomentOfTruth, owner = touchpoint.Owner };
                var touchpointId = await KeepOrInsertAsync(connection, transaction, oldTouchpoints.TryGetValue(touchpoint.Name, out var keptTouchpoint) ? keptTouchpoint : null,
                    "UPDATE touchpoints SET stage_id = @stageId, position = @position, name = @name, channel = @channel, moment_of_truth = @mot, owner = @owner WHERE workspace_id = @workspaceId AND id = @id",
                    InsertTouchpointSql, values);
                foreach (var eventName in touchpoint.EventNames.Distinct(StringComparer.Ordinal))
                {
                    await connection.ExecuteAsync(Dialect.Sql("INSERT INTO touchpoint_rules (workspace_id, event_name, touchpoint_id) VALUES (@workspaceId, @eventName, @touchpointId)"),
                        new { workspaceId, eventName, touchpointId }, transaction);
                }
            }
        }

        // Events this journey mapped (under its old rules) or that its new rules name, mapped again
        // as ingestion would map them now: to the first touchpoint of any current map with a rule.
        var oldIds = oldTouchpoints.Count == 0 ? "-1" : string.Join(", ", oldTouchpoints.Values);
        var remapped = await connection.ExecuteAsync(Dialect.Sql($$"""
            UPDATE events SET touchpoint_id = (
                SELECT min(r.touchpoint_id) FROM touchpoint_rules r
                JOIN touchpoints t ON t.id = r.touchpoint_id JOIN journeys j ON j.id = t.journey_id AND j.state = 'current'
                WHERE r.workspace_id = events.workspace_id AND r.event_name = events.name)
            WHERE workspace_id = @workspaceId AND (
                touchpoint_id IN ({{oldIds}})
                OR (touchpoint_id IS NULL AND name IN (
                    SELECT r.event_name FROM touchpoint_rules r JOIN touchpoints t ON t.id = r.touchpoint_id WHERE r.workspace_id = @workspaceId AND t.journey_id = @journeyId)))
            """), parameters, transaction);
        await connection.ExecuteAsync(Dialect.Sql("DELETE FROM path_index WHERE workspace_id = @workspaceId AND journey_id <> 0"), parameters, transaction);
        transaction.Commit();
        ForgetSurveys(); // a survey knows its touchpoint's name and stage
        return new(JourneyEditOutcome.Done, remapped, []);
    }

    /// <summary>Updates the element kept by name (its id stays), or inserts a new one; returns its id.</summary>
    private async Task<long> KeepOrInsertAsync(DbConnection connection, DbTransaction transaction, long? kept, string updateSql, string insertSql, object values)
    {
        if (kept is not { } id)
        {
            return await connection.ExecuteScalarAsync<long>(Dialect.Sql(insertSql), values, transaction);
        }

        var parameters = new DynamicParameters(values);
        parameters.Add("id", id);
        await connection.ExecuteAsync(Dialect.Sql(updateSql), parameters, transaction);
        return id;
    }

    /// <summary>"touchpoint 'X' holds surveys (1), answers (1,204)": each table with rows placed on the element.</summary>
    private async Task<IEnumerable<string>> HoldersAsync(DbConnection connection, DbTransaction transaction, long workspaceId, string kind, string name, long id, string[] tables, string column)
    {
        var held = new List<string>();
        foreach (var table in tables)
        {
            var count = await connection.ExecuteScalarAsync<long>(Dialect.Sql($"SELECT count(*) FROM {table} WHERE workspace_id = @workspaceId AND {column} = @id"), new { workspaceId, id }, transaction);
            if (count > 0)
            {
                held.Add($"{table.Replace('_', ' ')} ({count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)})");
            }
        }

        return held.Count == 0 ? [] : [$"{kind} '{name}' holds {string.Join(", ", held)}"];
    }
}
