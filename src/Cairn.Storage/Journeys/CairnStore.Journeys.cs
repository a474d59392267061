using Cairn.Core.Journeys;
using Dapper;

namespace Cairn.Storage;

public sealed record TouchpointRow(long Id, long JourneyId, long StageId, string Stage, string Name, string? Channel, bool MomentOfTruth);

public sealed partial class CairnStore
{
    /// <summary>
    /// Creates a journey with its stages, touchpoints and event rules in one transaction, and maps
    /// the workspace's already stored events to its touchpoints; returns its id.
    /// </summary>
    public long CreateJourney(long workspaceId, JourneyDefinition journey)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        var journeyId = connection.ExecuteScalar<long>(
            Dialect.Sql("INSERT INTO journeys (workspace_id, name, persona_id, scope, purpose, state, version, created_at) VALUES (@workspaceId, @name, @persona, @scope, @purpose, @state, 1, @now) RETURNING id"),
            new { workspaceId, name = journey.Name, persona = journey.PersonaId, scope = journey.Scope, purpose = journey.Purpose, state = journey.State.ToString().ToLowerInvariant(), now = UtcNow },
            transaction);
        for (var s = 0; s < journey.Stages.Count; s++)
        {
            var stage = journey.Stages[s];
            var stageId = connection.ExecuteScalar<long>(
                Dialect.Sql("INSERT INTO stages (workspace_id, journey_id, position, name, customer_goal, expectations) VALUES (@workspaceId, @journeyId, @position, @name, @goal, @expectations) RETURNING id"),
                new { workspaceId, journeyId, position = s + 1, name = stage.Name, goal = stage.CustomerGoal, expectations = stage.Expectations },
                transaction);
            for (var t = 0; t < stage.Touchpoints.Count; t++)
            {
                var touchpoint = stage.Touchpoints[t];
                var touchpointId = connection.ExecuteScalar<long>(
                    Dialect.Sql("INSERT INTO touchpoints (workspace_id, journey_id, stage_id, position, name, channel, moment_of_truth, owner) VALUES (@workspaceId, @journeyId, @stageId, @position, @name, @channel, @mot, @owner) RETURNING id"),
                    new { workspaceId, journeyId, stageId, position = t + 1, name = touchpoint.Name, channel = touchpoint.Channel, mot = touchpoint.MomentOfTruth, owner = touchpoint.Owner },
                    transaction);
                foreach (var eventName in touchpoint.EventNames.Distinct(StringComparer.Ordinal))
                {
                    connection.Execute(
                        Dialect.Sql("INSERT INTO touchpoint_rules (workspace_id, event_name, touchpoint_id) VALUES (@workspaceId, @eventName, @touchpointId)"),
                        new { workspaceId, eventName, touchpointId },
                        transaction);
                }
            }
        }

        // Events stored before the journey existed are mapped now, as ingestion maps later ones;
        // a future-state map is a design, not a lens on today's data.
        if (journey.State == JourneyState.Current)
        {
            connection.Execute(Dialect.Sql("""
            UPDATE events SET touchpoint_id = (
                SELECT min(r.touchpoint_id) FROM touchpoint_rules r JOIN touchpoints t ON t.id = r.touchpoint_id
                WHERE r.workspace_id = events.workspace_id AND r.event_name = events.name AND t.journey_id = @journeyId)
            WHERE workspace_id = @workspaceId AND touchpoint_id IS NULL AND name IN (
                SELECT r.event_name FROM touchpoint_rules r JOIN touchpoints t ON t.id = r.touchpoint_id WHERE r.workspace_id = @workspaceId AND t.journey_id = @journeyId)
            """), new { workspaceId, journeyId }, transaction);
        }

        transaction.Commit();
        return journeyId;
    }

    public Task<IReadOnlyList<TouchpointRow>> ListTouchpointsAsync(long workspaceId) =>
        QueryAsync<TouchpointRow>(
            """
            SELECT t.id, t.journey_id AS JourneyId, t.stage_id AS StageId, s.name AS Stage, t.name, t.channel, t.moment_of_truth AS MomentOfTruth
            FROM touchpoints t JOIN stages s ON s.id = t.stage_id
            WHERE t.workspace_id = @workspaceId
            ORDER BY s.position, t.position
            """,
            new { workspaceId });
}
